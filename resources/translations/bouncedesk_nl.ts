<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
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
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/importing/dialog.py" line="+43"/>
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
        <location line="+28"/>
        <source>Import events</source>
        <translation>Gebeurtenissen importeren</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Feed format</source>
        <translation>Feedformaat</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+50"/>
        <source>Files to import</source>
        <translation>Te importeren bestanden</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Add files…</source>
        <translation>Bestanden toevoegen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>Leegmaken</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+42"/>
        <source>Starting…</source>
        <translation>Bezig met starten…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cancelling after the current batch…</source>
        <translation>Wordt geannuleerd na de huidige batch…</translation>
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
        <location filename="../../desktop/ui/main_window.py" line="+116"/>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Database in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>&amp;Quarantine rules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Bounce Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+64"/>
        <source>The database in use: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageSearchView</name>
    <message>
        <location filename="../../desktop/ui/search/view.py" line="+122"/>
        <source>Account</source>
        <translation type="unfinished">Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation type="unfinished">Reden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Result count and query time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try another reading of the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+244"/>
        <source>No message matches {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Try again with fewer filters (any account, status, date).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try part of the address, its domain (@example.nl) or subject words.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/policy.py" line="+44"/>
        <source>Quarantine rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Soft bounces in a row before quarantine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarantine length in days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A spam complaint quarantines the address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spam complaints quarantine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the rules from the database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Soft bounces before quarantine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarantine length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>These rules hold for everyone using this database; changes are audited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only an approver may change these rules; you can read them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Quarantine rules saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unchanged.</source>
        <translation type="unfinished"></translation>
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
    <name>QuarantineView</name>
    <message>
        <location filename="../../desktop/ui/quarantine/view.py" line="+84"/>
        <source>Filter by part of the address (all open ones)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter quarantines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Release note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Release requests waiting for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Release requests waiting for approval  ·  new requests here are applied at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n waiting for approval</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+71"/>
        <source>A release of {0} was already requested by {1}; nothing sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+72"/>
        <source>You asked for this release: another approver must approve it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>High release risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} the release of {1}, requested by {2}? The release risk is HIGH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No message to {0} is stored.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReasonPanel</name>
    <message>
        <location filename="../../desktop/ui/details/panels.py" line="+122"/>
        <source>Copy explanation for client (EN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Plain text and formatted text on the clipboard, in English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source> (Ctrl+Shift+C: the language chosen in Settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The explanation for the client in Dutch</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/view.py" line="+124"/>
        <source>Interface language</source>
        <translation>Taal van de interface</translation>
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
    <name>UiLanguageBox</name>
    <message>
        <location filename="../../desktop/ui/common/language_box.py" line="+18"/>
        <source>Interface language</source>
        <translation>Taal van de interface</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Used from the next start of Bounce Desk.</source>
        <translation>Wordt gebruikt vanaf de volgende start van Bounce Desk.</translation>
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
    <name>columns</name>
    <message>
        <location filename="../../desktop/ui/common/message_table.py" line="+29"/>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
</context>
<context>
    <name>reason</name>
    <message>
        <location filename="../../desktop/ui/common/style.py" line="+69"/>
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
    <name>status</name>
    <message>
        <location line="-25"/>
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
        <location line="+86"/>
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
        <location line="+1"/>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
</context>
</TS>
