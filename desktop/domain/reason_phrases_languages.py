"""Server phrases in languages other than English, each written from a provider's documentation."""

from __future__ import annotations

from desktop.domain.model import Reason
from desktop.domain.reason_phrases import Phrase, _rule

# The same scale as `reason_phrases`: a higher weight wins, specific status codes weigh 70. Each
# rule weighs what its English counterpart weighs, so a wording means the same in any language.
# The source of each wording is named beside it and beside its test phrase in
# tests/domain/test_reasons_languages.py; none is taken from the corpus.
#
# Anchors in non-Latin scripts (and any with a letter outside ASCII) are looked for anywhere in
# the text, as a plain substring, so they hold no blank: the patterns allow line breaks there.
# Where a wording could also be about our own sender address ("Absender", "expéditeur",
# "odesílatel", "отправитель"), the pattern refuses it: the address rules are about recipients.

R = Reason

LANGUAGES: tuple[Phrase, ...] = (
    # --- German --------------------------------------------------------------------------------
    # Gmail's bounces in German, in the words of its help (support.google.com/mail/answer/6596
    # ?hl=de: "Die E-Mail-Adresse des Empfängers existiert nicht"; answer/82454?hl=de: "Das
    # E-Mail-Konto, das Sie kontaktieren möchten, ist nicht vorhanden"), and Web.de's bilingual
    # "550 Benutzer nicht bekannt/User unknown" (sitepackage.de's list of German providers'
    # replies).
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "konto|adresse|benutzer",
        r"\b(?:konto|adresse)\b(?:(?!absender)[^.]){0,60}?\b(?:ist\s+nicht\s+vorhanden|",
        r"existiert\s+nicht)|\bbenutzer\s+nicht\s+bekannt",
    ),
    # A domain that does not exist outweighs the address rule above ("Die Domain der Adresse
    # existiert nicht"; sitepackage.de's heading "Server nicht erreichbar oder Domain existiert
    # nicht"); the adjacent "Domain existiert nicht" is in reason_phrases.
    _rule(R.DOMAIN_UNKNOWN, 80, "existiert", r"\bdomain\b[^.]{0,40}?\bexistiert\s+nicht"),
    # ...the inbox is full (answer/6596?hl=de: "Der Posteingang des Empfängers ist voll", "hat
    # keinen freien Speicherplatz"; Google's SMTP error reference, support.google.com/a/answer/
    # 3726730?hl=de, 452 4.2.2: "Im Posteingang des Empfängers ist kein Speicherplatz mehr
    # verfügbar")...
    _rule(
        R.MAILBOX_FULL,
        90,
        "posteingang",
        r"\bposteingang\b[^.]{0,40}?\b(?:ist\s+voll\b|hat\s+keinen\s+freien\s+speicherplatz|",
        r"ist\s+kein\s+speicherplatz)",
    ),
    # ...the message is too big for it ("Die E-Mail ist zu groß für den Posteingang des
    # Empfängers")...
    _rule(
        R.MESSAGE_TOO_LARGE,
        88,
        "zu gro",
        r"\bzu\s+gro(?:ß|ss)\s+f[üu]r\s+(?:den|das|die)\s+(?:posteingang|postfach|mailbox)",
    ),
    # ...and the receiving side is in passing trouble (3726730?hl=de: 421 4.7.0 "Vorübergehendes
    # Systemproblem", 421 4.4.5 "Server ist ausgelastet"; answer/6596?hl=de: "ein vorübergehendes
    # Problem mit dem Posteingang des Empfängers"), as English "temporary system problem" is.
    _rule(
        R.SERVER_ERROR,
        58,
        "vorübergehend|vorubergehend|ausgelastet|überlastet|uberlastet",
        r"\bvor[üu]bergehende?s?\s+(?:system)?problem|\bserver\s+(?:ist\s+)?(?:ausgelastet|",
        r"[üu]berlastet)",
    ),
    # --- French --------------------------------------------------------------------------------
    # Exchange's French text for 5.1.6 (Microsoft's localized strings, uitranslation.com fr-fr:
    # "L'adresse à laquelle ce message a été envoyé n'accepte plus de messages"): like qmail's
    # "no longer accepts mail", weaker than a status code, so 5.1.6 beside it still decides.
    _rule(
        R.MAILBOX_INACTIVE,
        65,
        "accepte plus",
        r"\bn['’]accepte\s+plus\s+(?:de\s+|les\s+)?(?:messages|courriers?|e-?mails|courriels)",
    ),
    # Gmail's common reasons in French (as tecnobits.com's guide to Gmail bounces quotes them:
    # "L'adresse email n'existe pas", "La boîte de réception du destinataire est pleine",
    # "L'e-mail est trop volumineux"), and the French names of "user unknown" and "host unknown"
    # (arobase.org/ecole/erreurs.htm: "Utilisateur inconnu", "Hôte inconnu").
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "adresse|utilisateur",
        r"\badresse\b(?:(?!exp[ée]diteur)[^.]){0,60}?\bn['’]existe\s+(?:pas|plus)|",
        r"\butilisateur\s+inconnu",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "boite|boîte",
        r"\bbo[iî]te\s+(?:de\s+r[ée]ception|aux\s+lettres|mail|e-?mail)\b[^.]{0,40}?\b",
        r"est\s+(?:pleine|satur[ée]e)",
    ),
    _rule(
        R.MESSAGE_TOO_LARGE,
        88,
        "trop",
        r"\b(?:message|e-?mail|courriel)\s+est\s+trop\s+(?:volumineux|gros)",
    ),
    # ...and a domain that does not exist outweighs the address rule above ("le domaine de
    # l'adresse n'existe pas", arobase.org: "le domaine ou la machine n'existent pas").
    _rule(
        R.DOMAIN_UNKNOWN,
        80,
        "hôte|hote|domaine",
        r"\bh[ôo]te\s+inconnu|\bdomaine\s+inconnu|\bdomaine\b[^.]{0,40}?\bn['’]existe(?:nt)?\s+pas",
    ),
    # --- Italian -------------------------------------------------------------------------------
    # Microsoft's Italian help for Outlook.com's non-delivery errors (support.office.com/it-it,
    # "La posta inviata in Outlook.com restituisce un messaggio di mancato recapito": "Cassetta
    # postale non trovata o non valida oppure utente sconosciuto", "Cassetta postale piena o
    # quota superata", "Cassetta postale non disponibile", "Risorse temporaneamente non
    # disponibili"), weighed as their English originals are; Gmail's Italian wordings are in
    # reason_phrases_providers.
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "cassetta|utente",
        r"\bcassetta\s+postale\s+(?:non\s+(?:trovata|valida|esistente)|inesistente)|",
        r"\butente\s+(?:sconosciuto|inesistente)",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "cassetta|superata",
        r"\bcassetta\s+postale\s+(?:del\s+destinatario\s+)?(?:è\s+)?piena|\bquota\s+superata",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        50,
        "cassetta",
        r"\bcassetta\s+postale\s+(?:\S+\s+){0,2}?non\s+disponibile",
    ),
    _rule(
        R.SERVER_ERROR,
        60,
        "risorse",
        r"\brisorse\s+(?:\S+\s+)?temporaneamente\s+non\s+disponibili",
    ),
    # --- Spanish, Portuguese --------------------------------------------------------------------
    # Gmail es-419 (answer/6596?hl=es-419: "Hay un problema temporal con la bandeja de entrada
    # del destinatario"); its other reasons are in reason_phrases_providers.
    _rule(R.SERVER_ERROR, 58, "problema temporal", r"\bproblema\s+temporal"),
    # A Brazilian host's help for "Mailbox is Full" (netbit.com.br: "a caixa postal do
    # destinatário está cheia"); the adjacent "caixa postal cheia" is in _documented.
    _rule(
        R.MAILBOX_FULL,
        90,
        "caixa",
        r"\bcaixa\s+(?:postal|de\s+entrada)\b[^.]{0,40}?\best[áa]\s+(?:cheia|lotada)",
    ),
    # --- Dutch ---------------------------------------------------------------------------------
    # Google's 452 4.2.2 in Dutch (support.google.com/a/answer/1186436?hl=nl: "De limiet van het
    # e-mailaccount dat u probeerde te bereiken, is overschreden"): the account one tried to
    # reach, not our own sending limit.
    _rule(
        R.MAILBOX_FULL,
        90,
        "limiet",
        r"\blimiet\s+van\s+het\s+e-?mail-?account\s+(?:dat|waarmee)\s+(?:u|je)\b[^.]{0,40}?\b",
        r"probeerde\s+te\s+bereiken",
    ),
    # --- Polish --------------------------------------------------------------------------------
    # Onet's reasons for a rejection (pomoc.poczta.onet.pl: "Docelowe konto nie istnieje") and
    # Interia's bilingual list (pomoc.poczta.interia.pl: "Konto do którego próbujesz wysłać
    # maila nie istnieje", "odbiorca ma przepełnioną skrzynkę").
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "konto|adres",
        r"\b(?:konto|adres)\b(?:(?!nadawc)[^.]){0,60}?\bnie\s+istnieje",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "przepełnion|przepelnion|skrzynk",
        r"\bprzepe[łl]nion\w*\s+skrzynk|\bskrzynk\w*\b[^.]{0,40}?\b(?:jest\s+)?",
        r"(?:pe[łl]na|przepe[łl]niona)\b",
    ),
    # --- Czech and Slovak ----------------------------------------------------------------------
    # Seznam's bilingual bounce (napoveda.seznam.cz/uzivatel-neexistuje, "Uživatel neexistuje"),
    # C4's list (faq.c4.cz: "Schránka neexistuje"), Gmail sk (answer/6596?hl=sk: the address
    # "už neexistuje"; "Server príjemcu neprijal naše požiadavky", a connection Gmail could not
    # make) and a Czech host's list (blog.eabm.cz: "Příjemce má plnou schránku").
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "neexistuje",
        r"\b(?:u[žz]ivatel|schr[áa]nka|adres[áa]t|adresa|[úu][čc]et)\b",
        r"(?:(?!odes[íi]latel)[^.]){0,60}?\b(?:u[žz]\s+)?neexistuje",
    ),
    _rule(R.SERVER_UNREACHABLE, 74, "neprijal", r"\bserver\s+pr[íi]jemcu\s+neprijal"),
    _rule(
        R.MAILBOX_FULL,
        90,
        "plnou|schránka|schranka",
        r"\bplnou\s+schr[áa]nku|\bschr[áa]nka\s+(?:je\s+)?pln[áa]\b",
    ),
    # --- Turkish -------------------------------------------------------------------------------
    # GoDaddy's Turkish help on bounces (tr.godaddy.com/help/3568: "Geçersiz veya var olmayan
    # e-posta adresi", "Dolu posta kutusu").
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "var olmayan",
        r"\bvar\s+olmayan\s+(?:bir\s+)?e-?posta\s+adres",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "dolu|posta kutusu",
        r"\bdolu\s+posta\s+kutusu|\bposta\s+kutusu\s+(?:\S+\s+)?dolu\b",
    ),
    # --- Russian -------------------------------------------------------------------------------
    # Yandex's help on non-delivery reports (yandex.ru/support/mail/bounces, "Почтовый ящик
    # получателя переполнен", a "несуществующий адрес") and Mail.ru's explained errors
    # (mailout.ru: "пользователь удалил данный почтовый адрес" behind "User not found").
    _rule(
        R.MAILBOX_FULL,
        90,
        "переполнен",
        r"\bящик\w*\b[^.]{0,40}?\bпереполнен|\bпереполнен\w*\s+(?:почтов\w+\s+)?ящик",
    ),
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "существует|найден|несуществующ",
        r"\b(?:адрес\w*|ящик\w*|пользовател\w*)\b(?:(?!отправител|сервер|домен)[^.]){0,60}?",
        r"\bне\s+(?:существует|найден)|\bнесуществующ\w*\s+(?:почтов\w+\s+)?(?:адрес|ящик)",
    ),
    # --- Japanese ------------------------------------------------------------------------------
    # Gmail's Japanese failure and delay notices, as the texts quoted from them show
    # (urashita.com/?p=36286, tabi-g.blogspot.com: "宛先の受信トレイの空き容量不足", "宛先の受信
    # トレイがいっぱいか"; "Gmail は 47 時間再試行し"), and Japanese ISPs' help for
    # "mailbox is full" (catv-yokohama.ne.jp: "先方のメールボックスが一杯").
    _rule(
        R.MAILBOX_FULL,
        90,
        "受信トレイ|メールボックス",
        r"受信トレイ[^。]{0,20}?(?:空き容量不足|がいっぱい)|",
        r"メールボックス[^。]{0,10}?(?:一杯|いっぱい|満杯|容量オーバー)",
    ),
    _rule(R.DELAYED, 35, "時間再試行", r"\d+\s*時間再試行"),
    # --- Chinese -------------------------------------------------------------------------------
    # Hosted mail's bounce topics in traditional script (tnet.hk's "郵件退信專題":
    # "對方用戶不存在", "對方郵箱空間不夠", "發送的郵件過大",
    # "帳號被禁用(凍結、鎖定、刪除等)"), a Chinese host's bounce list (emailhost.com.cn:
    # "收件人不存在", "邮件过大", "域名不存在", "收件容量满"), NetEase's notice of its full
    # mailboxes (mail.163.com/msgcnt.htm: a "信箱满" bounce) and Coremail's replies as Sina
    # lists them ("550 user is locked. (邮箱被锁)"); QQ's wordings are in
    # reason_phrases_providers.
    _rule(
        R.ADDRESS_UNKNOWN,
        76,
        "用戶不存在|收件人不存在|收件者不存在",
        r"用戶不存在|收件(?:人|者)不存在",
    ),
    _rule(
        R.MAILBOX_FULL,
        90,
        "空間不|空间不够|满|滿",
        r"空間不(?:足|夠)|空间不够|信箱已?(?:满|滿)|(?:邮|郵)箱已(?:满|滿)|容量(?:满|滿)",
    ),
    _rule(R.MESSAGE_TOO_LARGE, 88, "郵件過大|邮件过大", r"郵件過大|邮件过大"),
    # ...not our sender's domain ("发件人域名不存在"), which no rule here claims
    _rule(
        R.DOMAIN_UNKNOWN,
        80,
        "域名不存在",
        r"(?<!发件人)(?<!發件人)(?<!发信人)(?<!寄件人)域名不存在",
    ),
    _rule(
        R.MAILBOX_INACTIVE,
        72,
        "被禁用|被凍結|被冻结|被鎖|被锁",
        r"(?:帳號|账号|帐号|邮箱|郵箱|用户|用戶)(?:已)?被(?:禁用|凍結|冻结|鎖定|锁定|鎖|锁)",
    ),
    # Google's SMTP error reference in Chinese (support.google.com/a/answer/3726730?hl=zh-Hans,
    # and laod.cn's copy of it: 421 4.7.0 "系统暂时屏蔽了从您的 IP 地址发出的邮件"; zh-TW as
    # ublink.org quotes it: "您的 IP 位址所發出的電子郵件已暫時遭到封鎖") blocks our IP; 421 4.4.5
    # "服务器繁忙", 421 4.7.0 "临时系统问题" are passing trouble.
    _rule(
        R.BLOCKED,
        80,
        "屏蔽|封鎖|封锁",
        r"(?:屏蔽|封鎖|封锁)了?(?:从|從)您的\s*ip|您的\s*ip\s*(?:地址|位址)[^。]{0,20}?",
        r"(?:屏蔽|封鎖|封锁)",
    ),
    _rule(
        R.SERVER_ERROR,
        60,
        "繁忙|临时系统问题|臨時系統問題|系統暫時發生問題",
        r"(?:服务器|伺服器)繁忙|临时系统问题|臨時系統問題|系統暫時發生問題",
    ),
)
