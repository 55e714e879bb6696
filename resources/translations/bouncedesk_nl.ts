<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AddressHistoryDialog</name>
    <message>
        <location filename="../../desktop/ui/quarantine/history.py" line="+31"/>
        <source>History of {0}</source>
        <translation>Geschiedenis van {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Messages to {0}</source>
        <translation>Berichten aan {0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading quarantine history…</source>
        <translation>Quarantainegeschiedenis wordt geladen…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Never quarantined.</source>
        <translation>Nooit in quarantaine geweest.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>released</source>
        <translation>vrijgegeven</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>release {0}, asked by {1}</source>
        <translation>vrijgave {0}, aangevraagd door {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>decided by {0}</source>
        <translation>besloten door {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quarantines:</source>
        <translation>Quarantaines:</translation>
    </message>
</context>
<context>
    <name>AgentNameDialog</name>
    <message>
        <location filename="../../desktop/ui/common/agent_name.py" line="+21"/>
        <source>Welcome to Bounce Desk</source>
        <translation>Welkom bij Bounce Desk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What is your name? It is written into the audit log with every release, approval and import you do, so your team knows who did what. You can change it later in Settings.</source>
        <translation>Wat is uw naam? Die komt in het auditlogboek bij elke vrijgave, goedkeuring en import die u doet, zodat uw team weet wie wat deed. U kunt hem later wijzigen in Instellingen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your name</source>
        <translation>Uw naam</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <location filename="../../desktop/ui/overview/model.py" line="+95"/>
        <source>No mail sent in this period</source>
        <translation>Geen mail verzonden in deze periode</translation>
    </message>
</context>
<context>
    <name>ClusterReleaseDialog</name>
    <message>
        <location filename="../../desktop/ui/overview/cluster.py" line="+17"/>
        <source>Release the cluster</source>
        <translation>Cluster vrijgeven</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>File release requests for the %Ln quarantined address(es) at {0}?</source>
        <translation>
            <numerusform>Een vrijgaveverzoek indienen voor het %Ln adres in quarantaine bij {0}?</numerusform>
            <numerusform>Vrijgaveverzoeken indienen voor de %Ln adressen in quarantaine bij {0}?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Do this once the provider-side problem is solved (the block lifted, the servers back): released before, the addresses bounce again.</source>
        <translation>Doe dit pas als het probleem bij de provider is opgelost (blokkade opgeheven, servers weer bereikbaar): adressen die eerder worden vrijgegeven, bouncen opnieuw.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>File the requests</source>
        <translation>Verzoeken indienen</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <location filename="../../desktop/ui/common/banner.py" line="+17"/>
        <source>Database connection lost</source>
        <translation>Verbinding met de database verbroken</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry the database connection</source>
        <translation>Opnieuw verbinden met de database</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The database is not answering. Your work is kept; Bounce Desk retries on its own every few seconds.  ({detail})</source>
        <translation>De database reageert niet. Uw werk blijft bewaard; Bounce Desk probeert het om de paar seconden zelf opnieuw.  ({detail})</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../desktop/ui/common/dialogs.py" line="+19"/>
        <source>Bounce Desk ran into a bug</source>
        <translation>Bounce Desk is op een fout gestuit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something went wrong inside Bounce Desk. Nothing you saved is lost.

{summary}

The details are in the log file:
{log_file}
Please send it to the team that maintains Bounce Desk.</source>
        <translation>Er is iets misgegaan in Bounce Desk. Wat u hebt opgeslagen, is niet verloren.

{summary}

De details staan in het logbestand:
{log_file}
Stuur dat bestand alstublieft naar het team dat Bounce Desk onderhoudt.</translation>
    </message>
</context>
<context>
    <name>DemoOfferDialog</name>
    <message>
        <location line="+52"/>
        <source>Welcome to Bounce Desk</source>
        <translation>Welkom bij Bounce Desk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The local database is empty.</source>
        <translation>De lokale database is leeg.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fill it with demo data (a few thousand realistic messages, bounces and quarantines) to try Bounce Desk? You can import real feeds later.</source>
        <translation>Wilt u hem vullen met demogegevens (een paar duizend realistische berichten, bounces en quarantaines) om Bounce Desk uit te proberen? Echte feeds kunt u later importeren.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add demo data</source>
        <translation>Demogegevens toevoegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start empty</source>
        <translation>Leeg beginnen</translation>
    </message>
</context>
<context>
    <name>EventRow</name>
    <message>
        <location filename="../../desktop/ui/details/timeline.py" line="+181"/>
        <source>caused the quarantine</source>
        <translation>leidde tot de quarantaine</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show original</source>
        <translation>Origineel tonen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The raw log line, DSN mail or webhook record</source>
        <translation>De ruwe logregel, DSN-mail of het webhookrecord</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Event {0}</source>
        <translation>Gebeurtenis {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} (UTC)</source>
        <translation>{0} (UTC)</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../desktop/ui/search/export.py" line="+36"/>
        <location line="+21"/>
        <location line="+9"/>
        <location line="+6"/>
        <source>Export CSV</source>
        <translation>CSV exporteren</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Exporting messages… {0} written</source>
        <translation>Berichten exporteren… {0} geschreven</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exporting messages…</source>
        <translation>Berichten exporteren…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The export stopped: {0}</source>
        <translation>Het exporteren is gestopt: {0}</translation>
    </message>
</context>
<context>
    <name>ExportTexts</name>
    <message numerus="yes">
        <location line="-49"/>
        <source>Export cancelled after %Ln message(s) to
{0}</source>
        <translation>
            <numerusform>Export geannuleerd na %Ln bericht naar
{0}</numerusform>
            <numerusform>Export geannuleerd na %Ln berichten naar
{0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Exported %Ln message(s) to
{0}</source>
        <translation>
            <numerusform>%Ln bericht geëxporteerd naar
{0}</numerusform>
            <numerusform>%Ln berichten geëxporteerd naar
{0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../desktop/ui/startup/first_run.py" line="+62"/>
        <source>Adding demo data…</source>
        <translation>Demogegevens toevoegen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Demo data</source>
        <translation>Demogegevens</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Demo data could not be added: {error}</source>
        <translation>De demogegevens konden niet worden toegevoegd: {error}</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../desktop/ui/help.py" line="+27"/>
        <source>Search within the current tab (the search field or the filter)</source>
        <translation>Zoeken binnen het huidige tabblad (het zoekveld of het filter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From the search field into the results</source>
        <translation>Vanuit het zoekveld naar de resultaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the selected message in the details</source>
        <translation>Het geselecteerde bericht openen in de details</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next / previous part: filters, results, details and buttons</source>
        <translation>Volgend / vorig onderdeel: filters, resultaten, details en knoppen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next tab (Overview, Messages, Quarantine)</source>
        <translation>Volgend tabblad (Overzicht, Berichten, Quarantaine)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous tab</source>
        <translation>Vorig tabblad</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear the filter you are typing in; else back to the results</source>
        <translation>Het filter waarin u typt leegmaken; anders terug naar de resultaten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the address of the selected message</source>
        <translation>Het adres van het geselecteerde bericht kopiëren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the explanation for the client (language from Settings)</source>
        <translation>De uitleg voor de klant kopiëren (taal uit Instellingen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This overview</source>
        <translation>Dit overzicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Afsluiten</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+3"/>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keys</source>
        <translation>Toetsen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What they do</source>
        <translation>Wat ze doen</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>About Bounce Desk</source>
        <translation>Over Bounce Desk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bounce Desk {0}</source>
        <translation>Bounce Desk {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Look up failed messages, explain bounces, quarantine and release addresses.</source>
        <translation>Mislukte berichten opzoeken, bounces uitleggen, adressen in quarantaine plaatsen en vrijgeven.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Database: {0}</source>
        <translation>Database: {0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none</source>
        <translation>geen</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/importing/dialog.py" line="+46"/>
        <source>Postfix mail log</source>
        <translation>Postfix-maillog</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bounce emails (DSN, .eml / mbox)</source>
        <translation>Bounce-e-mails (DSN, .eml / mbox)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SendGrid event webhook (JSON)</source>
        <translation>SendGrid-eventwebhook (JSON)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mailgun events (JSON)</source>
        <translation>Mailgun-events (JSON)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postmark bounces (JSON)</source>
        <translation>Postmark-bounces (JSON)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mandrill webhook (JSON)</source>
        <translation>Mandrill-webhook (JSON)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amazon SES notifications (JSON)</source>
        <translation>Amazon SES-meldingen (JSON)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{read} records read  ·  {imported} imported  ·  {duplicates} already there  ·  {bad} unusable  ·  {rate} records/s</source>
        <translation>{read} records gelezen  ·  {imported} geïmporteerd  ·  {duplicates} al aanwezig  ·  {bad} onbruikbaar  ·  {rate} records/s</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cancelled. The {imported} events saved before the cancel ({batches} batches) are kept; importing the same files again skips them.</source>
        <translation>Geannuleerd. De {imported} gebeurtenissen die vóór het annuleren zijn opgeslagen ({batches} batches), blijven bewaard; importeert u dezelfde bestanden opnieuw, dan worden ze overgeslagen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Done: {imported} events imported in {seconds} s.</source>
        <translation>Klaar: {imported} gebeurtenissen geïmporteerd in {seconds} s.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{read} records read, {duplicates} already imported, {bad} unusable, {skipped} not about delivery; {quarantines} new quarantines, {rejected} rejected sends.</source>
        <translation>{read} records gelezen, {duplicates} al eerder geïmporteerd, {bad} onbruikbaar, {skipped} niet over aflevering; {quarantines} nieuwe quarantaines, {rejected} geweigerde verzendingen.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Import events</source>
        <translation>Gebeurtenissen importeren</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Feed format</source>
        <translation>Feedformaat</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+54"/>
        <source>Files to import</source>
        <translation>Te importeren bestanden</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>Add files…</source>
        <translation>Bestanden toevoegen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>Leegmaken</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose a format and the files to import.</source>
        <translation>Kies een formaat en de bestanden die u wilt importeren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Format</source>
        <translation>Formaat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Starting…</source>
        <translation>Bezig met starten…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cancelling after the current batch…</source>
        <translation>Wordt geannuleerd na de huidige batch…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Rebuilding search indexes…</source>
        <translation>Zoekindexen opnieuw opbouwen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving the last events…</source>
        <translation>De laatste gebeurtenissen opslaan…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The import stopped: {error}
Events saved before this point are kept.</source>
        <translation>Het importeren is gestopt: {error}
Gebeurtenissen die tot nu toe zijn opgeslagen, blijven bewaard.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="+103"/>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages</source>
        <translation>Berichten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarantine</source>
        <translation>Quarantaine</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Screens</source>
        <translation>Schermen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Database in use</source>
        <translation>Gebruikte database</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import events…</source>
        <translation>Gebeurtenissen &amp;importeren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export CSV of the result…</source>
        <translation>Resultaat als CSV &amp;exporteren…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Settings…</source>
        <translation>In&amp;stellingen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quarantine rules…</source>
        <translation>&amp;Quarantaineregels…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>Beel&amp;d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Vernieuwen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Sneltoetsen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Bounce Desk</source>
        <translation>&amp;Over Bounce Desk</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>The database in use: {0}</source>
        <translation>De gebruikte database: {0}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Copied {0}</source>
        <translation>{0} gekopieerd</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open a failed message first: there is nothing to explain.</source>
        <translation>Open eerst een mislukt bericht: er valt nog niets uit te leggen.</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Connection to the database restored.</source>
        <translation>De verbinding met de database is hersteld.</translation>
    </message>
</context>
<context>
    <name>MessageDetailsView</name>
    <message>
        <location filename="../../desktop/ui/details/view.py" line="+61"/>
        <source>Message details</source>
        <translation>Berichtdetails</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Select a message to see its timeline and reason.</source>
        <translation>Selecteer een bericht om de tijdlijn en de reden te zien.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Aan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Aangemaakt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>What happens next</source>
        <translation>Wat er nu gebeurt</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Could not load this message: {0}</source>
        <translation>Dit bericht kon niet worden geladen: {0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(no subject)</source>
        <translation>(geen onderwerp)</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Explanation for the client copied ({0})</source>
        <translation>Uitleg voor de klant gekopieerd ({0})</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Could not load the original record: {0}</source>
        <translation>Het originele record kon niet worden geladen: {0}</translation>
    </message>
</context>
<context>
    <name>MessageSearchView</name>
    <message>
        <location filename="../../desktop/ui/search/view.py" line="+99"/>
        <source>Search: jan@example.nl, @ziggo.nl, a message id or &quot;words of the subject&quot;</source>
        <translation>Zoeken: jan@example.nl, @ziggo.nl, een bericht-ID of &quot;woorden uit het onderwerp&quot;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search messages</source>
        <translation>Berichten zoeken</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Account filter</source>
        <translation>Filter op account</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+201"/>
        <source>All accounts</source>
        <translation>Alle accounts</translation>
    </message>
    <message>
        <location line="-199"/>
        <source>Status filter</source>
        <translation>Filter op status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any status</source>
        <translation>Elke status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason filter</source>
        <translation>Filter op reden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any reason</source>
        <translation>Elke reden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>From date</source>
        <translation>Vanaf datum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Until date</source>
        <translation>Tot en met datum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export CSV…</source>
        <translation>CSV exporteren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the result as CSV</source>
        <translation>Het resultaat als CSV exporteren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write every matching message (all pages) to a CSV file</source>
        <translation>Elk gevonden bericht (alle pagina&apos;s) naar een CSV-bestand schrijven</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>until</source>
        <translation>t/m</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type to search; newest messages are shown.</source>
        <translation>Typ om te zoeken; de nieuwste berichten worden getoond.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Result count and query time</source>
        <translation>Aantal resultaten en zoektijd</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try another reading of the search</source>
        <translation>Een andere lezing van de zoekopdracht proberen</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>any</source>
        <translation>alle</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Searching: {0}…</source>
        <translation>Zoeken: {0}…</translation>
    </message>
    <message numerus="yes">
        <location line="+105"/>
        <source>%Ln+ message(s)</source>
        <translation>
            <numerusform>%Ln+ bericht</numerusform>
            <numerusform>%Ln+ berichten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln bericht</numerusform>
            <numerusform>%Ln berichten</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} ms</source>
        <translation>{0} ms</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No message matches {0}.</source>
        <translation>Geen bericht voldoet aan {0}.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Try again with fewer filters (any account, status, date).</source>
        <translation>Probeer het opnieuw met minder filters (elk account, elke status, elke datum).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try part of the address, its domain (@example.nl) or subject words.</source>
        <translation>Probeer een deel van het adres, het domein (@example.nl) of woorden uit het onderwerp.</translation>
    </message>
</context>
<context>
    <name>OriginalDialog</name>
    <message>
        <location filename="../../desktop/ui/details/original_dialog.py" line="+33"/>
        <source>Original record: {0}</source>
        <translation>Origineel record: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Original record</source>
        <translation>Origineel record</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no source recorded</source>
        <translation>geen bron vastgelegd</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Original record text</source>
        <translation>Tekst van het originele record</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(no original record is stored for this event)</source>
        <translation>(voor deze gebeurtenis is geen origineel record opgeslagen)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Deciding phrase: {0}</source>
        <translation>Beslissende zinsnede: {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy for escalation</source>
        <translation>Kopiëren voor escalatie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time, remote host, reply, enhanced code and our Message-ID, for the receiving provider&apos;s postmaster form</source>
        <translation>Tijd, externe host, antwoord, uitgebreide code en onze Message-ID, voor het postmasterformulier van de ontvangende provider</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Copied the technical details for escalation</source>
        <translation>Technische gegevens voor escalatie gekopieerd</translation>
    </message>
</context>
<context>
    <name>OverviewView</name>
    <message>
        <location filename="../../desktop/ui/overview/view.py" line="+51"/>
        <source>24 h</source>
        <translation>24 u</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7 d</source>
        <translation>7 d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>30 d</source>
        <translation>30 d</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Today</source>
        <translation>Vandaag</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No provider-side incidents right now.</source>
        <translation>Op dit moment geen storingen bij providers.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Period {0}</source>
        <translation>Periode {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Receiving domain of the chart</source>
        <translation>Ontvangend domein van de grafiek</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+147"/>
        <source>All domains</source>
        <translation>Alle domeinen</translation>
    </message>
    <message>
        <location line="-145"/>
        <location line="+215"/>
        <source>Show as table</source>
        <translation>Als tabel tonen</translation>
    </message>
    <message>
        <location line="-213"/>
        <source>Show the chart&apos;s figures as a table</source>
        <translation>De cijfers van de grafiek als tabel tonen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bounces and delays per 100 sent, by reason</source>
        <translation>Bounces en vertragingen per 100 verzonden</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Bounce and delay chart</source>
        <translation>Grafiek van bounces en vertragingen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bounce and delay figures</source>
        <translation>Cijfers over bounces en vertragingen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Clients, worst first</source>
        <translation>Klanten, slechtste eerst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report…</source>
        <translation>Rapport…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deliverability report for the selected client</source>
        <translation>Afleverrapport voor de geselecteerde klant</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>As of {0}</source>
        <translation>Stand van {0}</translation>
    </message>
    <message>
        <location line="-59"/>
        <location line="+116"/>
        <source>per 100 sent</source>
        <translation>per 100 verzonden</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/overview/incident_row.py" line="+32"/>
        <source>Show messages</source>
        <translation>Berichten tonen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the messages to {0}</source>
        <translation>De berichten aan {0} tonen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quarantined</source>
        <translation>In quarantaine</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the quarantined addresses at {0}</source>
        <translation>De adressen in quarantaine bij {0} tonen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Release cluster ({0})…</source>
        <translation>Cluster vrijgeven ({0})…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File release requests for every address at {0}</source>
        <translation>Voor elk adres bij {0} een vrijgaveverzoek indienen</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/overview/view.py" line="+74"/>
        <source>%Ln release request(s) filed for {0}</source>
        <translation>
            <numerusform>%Ln vrijgaveverzoek ingediend voor {0}</numerusform>
            <numerusform>%Ln vrijgaveverzoeken ingediend voor {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln already requested</source>
        <translation>
            <numerusform>%Ln was al aangevraagd</numerusform>
            <numerusform>%Ln waren al aangevraagd</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show as chart</source>
        <translation>Als grafiek tonen</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Select a client first, then ask for its report.</source>
        <translation>Selecteer eerst een klant en vraag dan het rapport op.</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/policy.py" line="+44"/>
        <source>Quarantine rules</source>
        <translation>Quarantaineregels</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Soft bounces in a row before quarantine</source>
        <translation>Soft bounces op rij vóór quarantaine</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> days</source>
        <translation> dagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarantine length in days</source>
        <translation>Duur van de quarantaine in dagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A spam complaint quarantines the address</source>
        <translation>Een spamklacht zet het adres in quarantaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spam complaints quarantine</source>
        <translation>Spamklachten leiden tot quarantaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the rules from the database…</source>
        <translation>De regels worden uit de database gelezen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Soft bounces before quarantine</source>
        <translation>Soft bounces vóór quarantaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarantine length</source>
        <translation>Duur van de quarantaine</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>These rules hold for everyone using this database; changes are audited.</source>
        <translation>Deze regels gelden voor iedereen die deze database gebruikt; wijzigingen worden in het auditlogboek vastgelegd.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only an approver may change these rules; you can read them.</source>
        <translation>Alleen een goedkeurder mag deze regels wijzigen; u kunt ze lezen.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Quarantine rules saved.</source>
        <translation>Quarantaineregels opgeslagen.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unchanged.</source>
        <translation>Ongewijzigd.</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <location filename="../../desktop/ui/common/progress.py" line="+49"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>QuarantineNote</name>
    <message>
        <location filename="../../desktop/ui/quarantine/model.py" line="+44"/>
        <source>no outcome since the release yet</source>
        <translation>nog geen uitkomst sinds de vrijgave</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>delivered {0} after release</source>
        <translation>afgeleverd {0} na vrijgave</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>spam complaint {0} after release</source>
        <translation>spamklacht {0} na vrijgave</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bounced again {0} after release</source>
        <translation>opnieuw gebounced {0} na vrijgave</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>probably not about this address: {0} addresses at {1} failed within a short time, mostly &apos;{2}&apos; (suspected provider-side problem)</source>
        <translation>waarschijnlijk niet door dit adres: {0} adressen bij {1} mislukten binnen korte tijd, meestal &apos;{2}&apos; (vermoedelijk een probleem bij de provider)</translation>
    </message>
</context>
<context>
    <name>QuarantinePanel</name>
    <message>
        <location filename="../../desktop/ui/details/panels.py" line="+250"/>
        <source>a spam complaint quarantines the address at once</source>
        <translation>een spamklacht zet het adres meteen in quarantaine</translation>
    </message>
    <message>
        <location line="-63"/>
        <location line="+1"/>
        <source>Why is this address quarantined?</source>
        <translation>Waarom staat dit adres in quarantaine?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Request release…</source>
        <translation>Vrijgave aanvragen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request release of this address</source>
        <translation>Vrijgave van dit adres aanvragen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Rule: {0}.
Reason: {1}.</source>
        <translation>Regel: {0}.
Reden: {1}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(this message)</source>
        <translation>(dit bericht)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Caused by:</source>
        <translation>Veroorzaakt door:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a hard bounce quarantines the address at once</source>
        <translation>een hard bounce zet het adres meteen in quarantaine</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%Ln soft bounce(s) in a row with no delivery in between count as a hard bounce</source>
        <translation>
            <numerusform>%Ln soft bounce zonder aflevering ertussen telt als een hard bounce</numerusform>
            <numerusform>%Ln soft bounces op rij zonder aflevering ertussen tellen als een hard bounce</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ends by itself in {0} ({1})</source>
        <translation>Loopt vanzelf af over {0} ({1})</translation>
    </message>
</context>
<context>
    <name>QuarantineView</name>
    <message>
        <location filename="../../desktop/ui/quarantine/view.py" line="+104"/>
        <source>Filter by part of the address (all open ones)</source>
        <translation>Filteren op een deel van het adres (alle openstaande)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter quarantines</source>
        <translation>Quarantaines filteren</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Release note</source>
        <translation>Notitie bij de vrijgave</translation>
    </message>
    <message numerus="yes">
        <location line="+91"/>
        <source>%n waiting for approval</source>
        <translation>
            <numerusform>%n wacht op goedkeuring</numerusform>
            <numerusform>%n wachten op goedkeuring</numerusform>
        </translation>
    </message>
    <message>
        <location line="+80"/>
        <source>A release of {0} was already requested by {1}; nothing sent.</source>
        <translation>De vrijgave van {0} is al aangevraagd door {1}; er is niets verstuurd.</translation>
    </message>
    <message>
        <location line="-255"/>
        <source>applied at once</source>
        <translation>wordt meteen uitgevoerd</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>waits for an approver</source>
        <translation>wacht op een goedkeurder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Release of {0}: risk {1} — {2}</source>
        <translation>Vrijgave van {0}: risico {1} — {2}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>already requested by {0}</source>
        <translation>al aangevraagd door {0}</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Open quarantines</source>
        <translation>Openstaande quarantaines</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Note for the approver (optional)</source>
        <translation>Notitie voor de goedkeurder (optioneel)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Request release</source>
        <translation>Vrijgave aanvragen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request release of the selected address</source>
        <translation>Vrijgave van het geselecteerde adres aanvragen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Address history…</source>
        <translation>Adresgeschiedenis…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every message to this address</source>
        <translation>Elk bericht aan dit adres tonen</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>Select an address to see the release risk.</source>
        <translation>Selecteer een adres om het vrijgaverisico te zien.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0}: {1}. Release risk {2} — {3}</source>
        <translation>{0}: {1}. Vrijgaverisico {2} — {3}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Checking the release risk of {0}…</source>
        <translation>Vrijgaverisico van {0} wordt gecontroleerd…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Nothing was sent: {0}</source>
        <translation>Er is niets verstuurd: {0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Release request undone; nothing was sent.</source>
        <translation>Vrijgaveverzoek ongedaan gemaakt; er is niets verstuurd.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>A release of {0} was already requested</source>
        <translation>De vrijgave van {0} was al aangevraagd</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} released</source>
        <translation>{0} vrijgegeven</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Release of {0} requested; waiting for approval</source>
        <translation>Vrijgave van {0} aangevraagd; wacht op goedkeuring</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The release request was not sent: {0}</source>
        <translation>Het vrijgaveverzoek is niet verstuurd: {0}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Approve the release of {0}, requested by {1}? The release risk is HIGH.</source>
        <translation>De vrijgave van {0}, aangevraagd door {1}, goedkeuren? Het vrijgaverisico is HOOG.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reject the release of {0}, requested by {1}? The release risk is HIGH.</source>
        <translation>De vrijgave van {0}, aangevraagd door {1}, afwijzen? Het vrijgaverisico is HOOG.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>High release risk</source>
        <translation>Hoog vrijgaverisico</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>No message to {0} is stored.</source>
        <translation>Er is geen bericht aan {0} opgeslagen.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/quarantine/model.py" line="+167"/>
        <source>{0} open</source>
        <translation>{0} open</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} match</source>
        <translation>{0} gevonden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} shown</source>
        <translation>{0} getoond</translation>
    </message>
</context>
<context>
    <name>ReasonPanel</name>
    <message>
        <location filename="../../desktop/ui/details/panels.py" line="-181"/>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What you can do</source>
        <translation>Wat u kunt doen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copy explanation for the client in English</source>
        <translation>Uitleg voor de klant in het Engels kopiëren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy explanation for the client in Dutch</source>
        <translation>Uitleg voor de klant in het Nederlands kopiëren</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Copy explanation for client (EN)</source>
        <translation>Uitleg voor klant kopiëren (EN)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Plain text and formatted text on the clipboard, in English</source>
        <translation>Platte en opgemaakte tekst op het klembord, in het Engels</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source> (Ctrl+Shift+C: the language chosen in Settings)</source>
        <translation> (Ctrl+Shift+C: de taal die in Instellingen is gekozen)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The explanation for the client in Dutch</source>
        <translation>De uitleg voor de klant in het Nederlands</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Did the client mean {0}? The domain looks misspelt.</source>
        <translation>Bedoelde de klant {0}? Het domein lijkt verkeerd gespeld.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Release risk: {0} — {1}</source>
        <translation>Vrijgaverisico: {0} — {1}</translation>
    </message>
</context>
<context>
    <name>ReleaseTarget</name>
    <message>
        <location filename="../../desktop/ui/common/release_words.py" line="+12"/>
        <source>pending</source>
        <translation>in behandeling</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>klaar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>gestopt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>given up</source>
        <translation>opgegeven</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} s</source>
        <translation>{0} s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} h {1} min</source>
        <translation>{0} u {1} min</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{0} stopped ({1}): needs an approver</source>
        <translation>{0} gestopt ({1}): een goedkeurder is nodig</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} given up</source>
        <translation>{0} opgegeven</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} waiting</source>
        <translation>{0} wacht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no answer</source>
        <translation>geen antwoord</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>retrying now</source>
        <translation>nieuwe poging nu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>retrying in {0}</source>
        <translation>nieuwe poging over {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} failed ({1}), {2}</source>
        <translation>{0} mislukt ({1}), {2}</translation>
    </message>
</context>
<context>
    <name>ReleaseTargetsLine</name>
    <message>
        <location filename="../../desktop/ui/details/release_targets.py" line="+27"/>
        <source>Release at the providers</source>
        <translation>Vrijgave bij de providers</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Release {0} at the providers: {1}</source>
        <translation>Vrijgave {0} bij de providers: {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Release at the providers: not known ({0})</source>
        <translation>Vrijgave bij de providers: onbekend ({0})</translation>
    </message>
</context>
<context>
    <name>ReleaseTargetsPanel</name>
    <message>
        <location filename="../../desktop/ui/quarantine/targets.py" line="+110"/>
        <source>Releases at the providers&apos; suppression lists</source>
        <translation>Vrijgaven op de suppressielijsten van de providers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Releases at the providers</source>
        <translation>Vrijgaven bij de providers</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Release target to retry or give up</source>
        <translation>Vrijgavedoel om opnieuw te proberen of op te geven</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note (why you retry or give up)</source>
        <translation>Notitie (waarom u het opnieuw probeert of opgeeft)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release target note</source>
        <translation>Notitie bij het vrijgavedoel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give up</source>
        <translation>Opgeven</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{0} for {1}</source>
        <translation>{0} voor {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>and {0} more</source>
        <translation>en nog {0}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%Ln provider call(s) failing for more than an hour: {0}. Retry or give up below.</source>
        <translation>
            <numerusform>%Ln provideraanroep mislukt al meer dan een uur: {0}. Probeer het hieronder opnieuw of geef het op.</numerusform>
            <numerusform>%Ln provideraanroepen mislukken al meer dan een uur: {0}. Probeer het hieronder opnieuw of geef ze op.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Target sent back to be called</source>
        <translation>Doel teruggezet om opnieuw aan te roepen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Target given up</source>
        <translation>Doel opgegeven</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That target had changed already</source>
        <translation>Dat doel was al gewijzigd</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../desktop/ui/report/dialog.py" line="+54"/>
        <source>Deliverability report</source>
        <translation>Afleverrapport</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Language of the report</source>
        <translation>Taal van het rapport</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Client</source>
        <translation>Klant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Until (included)</source>
        <translation>Tot en met</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save report</source>
        <translation>Rapport opslaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deliverability-{0}.pdf</source>
        <translation>afleverrapport-{0}.pdf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cannot write {0}: {1}</source>
        <translation>Kan {0} niet schrijven: {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report written to {0}</source>
        <translation>Rapport opgeslagen als {0}</translation>
    </message>
</context>
<context>
    <name>RequestQueuePanel</name>
    <message>
        <location filename="../../desktop/ui/quarantine/queue.py" line="+38"/>
        <location line="+12"/>
        <location line="+14"/>
        <source>Release requests waiting for approval</source>
        <translation>Vrijgaveverzoeken die op goedkeuring wachten</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Approve</source>
        <translation>Goedkeuren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve the selected release request</source>
        <translation>Het geselecteerde vrijgaveverzoek goedkeuren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>Afwijzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject the selected release request</source>
        <translation>Het geselecteerde vrijgaveverzoek afwijzen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Release requests waiting for approval  ·  new requests here are applied at once</source>
        <translation>Vrijgaveverzoeken die op goedkeuring wachten  ·  nieuwe verzoeken worden hier meteen uitgevoerd</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>You asked for this release: another approver must approve it.</source>
        <translation>U hebt deze vrijgave zelf aangevraagd: een andere goedkeurder moet hem goedkeuren.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Release of {0} approved</source>
        <translation>Vrijgave van {0} goedgekeurd</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Release of {0} rejected</source>
        <translation>Vrijgave van {0} afgewezen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Someone decided first: the release of {0} is {1} already</source>
        <translation>Iemand was u voor: de vrijgave van {0} is al {1}</translation>
    </message>
</context>
<context>
    <name>ResultsTable</name>
    <message>
        <location filename="../../desktop/ui/search/results_table.py" line="+48"/>
        <source>Search results</source>
        <translation>Zoekresultaten</translation>
    </message>
</context>
<context>
    <name>SearchCriteria</name>
    <message>
        <location filename="../../desktop/ui/search/view.py" line="-360"/>
        <source>recipient is {0}</source>
        <translation>ontvanger is {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recipient starts with {0}</source>
        <translation>ontvanger begint met {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>domain is {0}</source>
        <translation>domein is {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recipient contains {0}</source>
        <translation>ontvanger bevat {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>subject has {0}</source>
        <translation>onderwerp bevat {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sender is {0}</source>
        <translation>afzender is {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>message id is {0}</source>
        <translation>bericht-ID is {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>account is {0}</source>
        <translation>account is {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>status is {0}</source>
        <translation>status is {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reason is {0}</source>
        <translation>reden is {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from {0}</source>
        <translation>vanaf {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>before {0}</source>
        <translation>vóór {0}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>newest messages</source>
        <translation>nieuwste berichten</translation>
    </message>
</context>
<context>
    <name>ServerText</name>
    <message>
        <location filename="../../desktop/ui/details/timeline.py" line="-144"/>
        <source>Remote server text</source>
        <translation>Tekst van de externe server</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Highlighted: the words that decided the reason</source>
        <translation>Gemarkeerd: de woorden die de reden bepaalden</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/view.py" line="+58"/>
        <source>Bounce Desk settings</source>
        <translation>Instellingen van Bounce Desk</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Local database on this computer</source>
        <translation>Lokale database op deze computer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared PostgreSQL database</source>
        <translation>Gedeelde PostgreSQL-database</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PostgreSQL URL</source>
        <translation>PostgreSQL-URL</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>kept in the system keyring, never in a file</source>
        <translation>in de systeemsleutelhanger, nooit in een bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database password</source>
        <translation>Databasewachtwoord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test connection</source>
        <translation>Verbinding testen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test the database connection</source>
        <translation>De databaseverbinding testen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your name for the audit log</source>
        <translation>Uw naam voor het auditlogboek</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language of client explanations</source>
        <translation>Taal van de uitleg voor klanten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Release approval</source>
        <translation>Goedkeuring van vrijgaven</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply release requests at once (single user)</source>
        <translation>Vrijgaveverzoeken meteen uitvoeren (één gebruiker)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wait for an approver (team)</source>
        <translation>Wachten op een goedkeurder (team)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kept in the database: open one to change it</source>
        <translation>Staat in de database: open er een om dit te wijzigen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Follows the system&apos;s light or dark theme.</source>
        <translation>Volgt het lichte of donkere thema van het systeem.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name</source>
        <translation>Uw naam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client language</source>
        <translation>Taal voor klanten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases</source>
        <translation>Vrijgaven</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interface language</source>
        <translation>Taal van de interface</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Connecting…</source>
        <translation>Verbinden…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/editing.py" line="+55"/>
        <source>Password not stored</source>
        <translation>Wachtwoord niet opgeslagen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The approval mode is unchanged: {0}</source>
        <translation>De goedkeuringsmodus is niet gewijzigd: {0}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../desktop/ui/startup/opener.py" line="+64"/>
        <source>Opening the database…</source>
        <translation>Database wordt geopend…</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>unknown error</source>
        <translation>onbekende fout</translation>
    </message>
</context>
<context>
    <name>StartupProblemDialog</name>
    <message>
        <location filename="../../desktop/ui/common/dialogs.py" line="-45"/>
        <source>Bounce Desk cannot open its database</source>
        <translation>Bounce Desk kan zijn database niet openen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{problem}

Database: {url}</source>
        <translation>{problem}

Database: {url}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check that the database server is running and reachable, or change the database in Settings. You can also work on the local database on this computer.</source>
        <translation>Controleer of de databaseserver draait en bereikbaar is, of kies in Instellingen een andere database. U kunt ook werken met de lokale database op deze computer.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings…</source>
        <translation>Instellingen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use local database</source>
        <translation>Lokale database gebruiken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Afsluiten</translation>
    </message>
</context>
<context>
    <name>TileButton</name>
    <message>
        <location filename="../../desktop/ui/overview/tiles.py" line="+22"/>
        <source>Sent</source>
        <translation>Verzonden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>Afgeleverd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hard bounces</source>
        <translation>Hard bounces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Soft bounces</source>
        <translation>Soft bounces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delayed</source>
        <translation>Vertraagd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Complaints</source>
        <translation>Klachten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New quarantines</source>
        <translation>Nieuwe quarantaines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending requests</source>
        <translation>Openstaande verzoeken</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>usually {0}</source>
        <translation>meestal {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>usually {0}–{1}</source>
        <translation>meestal {0}–{1}</translation>
    </message>
    <message>
        <location line="+42"/>
        <location line="+6"/>
        <source>no mail sent</source>
        <translation>geen mail verzonden</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>unusual</source>
        <translation>ongewoon</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>, far outside what is usual for these hours</source>
        <translation>, ver buiten wat gewoon is voor deze uren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show these messages in the search</source>
        <translation>Deze berichten in de zoekfunctie tonen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Far outside the same hours of the last four same weekdays.</source>
        <translation>Ver buiten dezelfde uren van de laatste vier gelijke weekdagen.</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../desktop/ui/details/timeline.py" line="+157"/>
        <source>Event timeline</source>
        <translation>Tijdlijn van gebeurtenissen</translation>
    </message>
</context>
<context>
    <name>UiLanguageBox</name>
    <message>
        <location filename="../../desktop/ui/common/language_box.py" line="+18"/>
        <source>Interface language</source>
        <translation>Taal van de interface</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The window is rebuilt in this language when you save.</source>
        <translation>Het venster wordt in deze taal opnieuw opgebouwd zodra u opslaat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same as the system</source>
        <translation>Zoals het systeem</translation>
    </message>
</context>
<context>
    <name>UndoToast</name>
    <message>
        <location filename="../../desktop/ui/common/banner.py" line="+27"/>
        <location line="+1"/>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
</context>
<context>
    <name>cause</name>
    <message>
        <location filename="../../desktop/ui/common/style.py" line="+133"/>
        <source>Hard bounce</source>
        <translation>Hard bounce</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Soft bounce</source>
        <translation>Soft bounce</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spam</source>
        <translation>Spam</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <location filename="../../desktop/ui/common/message_table.py" line="+29"/>
        <location filename="../../desktop/ui/overview/model.py" line="+12"/>
        <location line="+10"/>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/ui/overview/model.py" line="-87"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender</source>
        <translation>Afzender</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recipient</source>
        <translation>Ontvanger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject</source>
        <translation>Onderwerp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/ui/quarantine/model.py" line="-78"/>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/overview/model.py" line="+1"/>
        <location line="+77"/>
        <location line="+10"/>
        <source>Sent</source>
        <translation>Verzonden</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Delivered</source>
        <translation>Afgeleverd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hard bounces</source>
        <translation>Hard bounces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Complaints</source>
        <translation>Klachten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What it means</source>
        <translation>Betekenis</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Bounces and delays per 100 sent</source>
        <translation>Bounces en vertragingen per 100 verzonden</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Total per 100 sent</source>
        <translation>Totaal per 100 verzonden</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/quarantine/model.py" line="-2"/>
        <location line="+232"/>
        <location filename="../../desktop/ui/quarantine/targets.py" line="-168"/>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <location line="-231"/>
        <source>Cause</source>
        <translation>Oorzaak</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Since</source>
        <translation>Sinds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ends in</source>
        <translation>Loopt af over</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+230"/>
        <source>Risk</source>
        <translation>Risico</translation>
    </message>
    <message>
        <location line="-229"/>
        <location filename="../../desktop/ui/quarantine/targets.py" line="+1"/>
        <source>Request</source>
        <translation>Verzoek</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+229"/>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Requested by</source>
        <translation>Aangevraagd door</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/quarantine/targets.py" line="+1"/>
        <source>At the providers</source>
        <translation>Bij de providers</translation>
    </message>
</context>
<context>
    <name>reason</name>
    <message>
        <location filename="../../desktop/ui/common/style.py" line="-66"/>
        <source>Address does not exist</source>
        <translation>Adres bestaat niet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain does not exist</source>
        <translation>Domein bestaat niet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blocked by receiver</source>
        <translation>Geblokkeerd door ontvanger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mailbox full</source>
        <translation>Mailbox vol</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mailbox inactive</source>
        <translation>Mailbox niet actief</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server unreachable</source>
        <translation>Server onbereikbaar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server error</source>
        <translation>Serverfout</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message too large</source>
        <translation>Bericht te groot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Content blocked</source>
        <translation>Inhoud geblokkeerd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender policy (SPF/DMARC)</source>
        <translation>Afzenderbeleid (SPF/DMARC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spam complaint</source>
        <translation>Spamklacht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delayed</source>
        <translation>Vertraagd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown reason</source>
        <translation>Onbekende reden</translation>
    </message>
</context>
<context>
    <name>request</name>
    <message>
        <location line="+57"/>
        <source>pending</source>
        <translation>open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved</source>
        <translation>goedgekeurd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>applied</source>
        <translation>uitgevoerd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>afgewezen</translation>
    </message>
</context>
<context>
    <name>risk</name>
    <message>
        <location line="-21"/>
        <source>low</source>
        <translation>laag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>medium</source>
        <translation>middel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>high</source>
        <translation>hoog</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <location line="-66"/>
        <source>Queued</source>
        <translation>In wachtrij</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>Verzonden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>Afgeleverd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delayed</source>
        <translation>Vertraagd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Soft bounce</source>
        <translation>Soft bounce</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hard bounce</source>
        <translation>Hard bounce</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>Geweigerd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spam complaint</source>
        <translation>Spamklacht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarantined</source>
        <translation>In quarantaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Released</source>
        <translation>Vrijgegeven</translation>
    </message>
</context>
<context>
    <name>time</name>
    <message>
        <location line="+98"/>
        <source>{hours} h</source>
        <translation>{hours} u</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{days} days</source>
        <translation>{days} dagen</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>in {duration}</source>
        <translation>over {duration}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>just now</source>
        <translation>zojuist</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{minutes} min ago</source>
        <translation>{minutes} min geleden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{hours} h ago</source>
        <translation>{hours} u geleden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{days} d ago</source>
        <translation>{days} d geleden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>now</source>
        <translation>nu</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{days} d {hours} h</source>
        <translation>{days} d {hours} u</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} u {minutes} min</translation>
    </message>
    <message>
        <location line="-68"/>
        <location line="+69"/>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
</context>
</TS>
