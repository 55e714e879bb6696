"""Classifier rules for bounces in other languages, one documented phrase per rule."""

from __future__ import annotations

import re

import pytest

from desktop.domain.model import Reason
from desktop.domain.reason_phrases_languages import LANGUAGES
from desktop.domain.reasons import _GROUPS, _lower_same_length, _phrase, classify

R = Reason

# (text, status, reply code, expected). The texts follow the documented wording with made-up
# addresses and hosts; the comment above each names where the wording is documented, and the
# rule it tests sits beside the same source in desktop/domain/reason_phrases_languages.py.
LANGUAGE_PHRASES: list[tuple[str, str | None, int | None, Reason]] = [
    # German. Gmail (support.google.com/mail/answer/82454?hl=de): the account does not exist.
    (
        "Das E-Mail-Konto, das Sie kontaktieren möchten, ist nicht vorhanden.",
        None,
        None,
        R.ADDRESS_UNKNOWN,
    ),
    # sitepackage.de: the domain does not exist, whatever the address rule says.
    ("Die Domain der Adresse existiert nicht.", None, None, R.DOMAIN_UNKNOWN),
    # Gmail (answer/6596?hl=de): the inbox is full; Google's SMTP reference (a/answer/3726730
    # ?hl=de, 452 4.2.2) in the same words family.
    ("Der Posteingang des Empfängers ist voll.", None, None, R.MAILBOX_FULL),
    # Gmail (answer/6596?hl=de): too big for the recipient's inbox.
    (
        "Die E-Mail ist zu groß für den Posteingang des Empfängers.",
        None,
        None,
        R.MESSAGE_TOO_LARGE,
    ),
    # Google's SMTP reference (a/answer/3726730?hl=de): 421 4.7.0 "Vorübergehendes
    # Systemproblem".
    (
        "421 4.7.0 Vorübergehendes Systemproblem. Versuchen Sie es später noch einmal.",
        None,
        421,
        R.SERVER_ERROR,
    ),
    # French. Exchange's 5.1.6 text (uitranslation.com, fr-fr): the address takes no more mail.
    (
        "L'adresse à laquelle ce message a été envoyé n'accepte plus de messages.",
        None,
        None,
        R.MAILBOX_INACTIVE,
    ),
    # Gmail's reasons in French as tecnobits.com quotes them: the address does not exist...
    ("L'adresse email n'existe pas.", None, None, R.ADDRESS_UNKNOWN),
    # ...the recipient's inbox is full...
    ("La boîte de réception du destinataire est pleine.", None, None, R.MAILBOX_FULL),
    # ...the e-mail is too large.
    ("L'e-mail est trop volumineux.", None, None, R.MESSAGE_TOO_LARGE),
    # arobase.org/ecole/erreurs.htm: "Hôte inconnu" for "host unknown".
    ("mail.exemple.fr : Hôte inconnu", None, None, R.DOMAIN_UNKNOWN),
    # arobase.org: the domain does not exist (not the address)
    ("Le domaine de l'adresse n'existe pas.", None, None, R.DOMAIN_UNKNOWN),
    # Italian. Microsoft's help for Outlook.com's non-delivery errors (support.office.com it-it):
    # mailbox not found or user unknown, mailbox full, mailbox unavailable, resources
    # temporarily unavailable.
    (
        "Cassetta postale non trovata o non valida oppure utente sconosciuto",
        None,
        None,
        R.ADDRESS_UNKNOWN,
    ),
    ("Cassetta postale piena o quota superata", None, None, R.MAILBOX_FULL),
    ("550 Cassetta postale non disponibile", None, 550, R.ADDRESS_UNKNOWN),
    ("451 Risorse temporaneamente non disponibili", None, 451, R.SERVER_ERROR),
    # Spanish. Gmail (answer/6596?hl=es-419): a temporary problem with the recipient's inbox.
    (
        "Hay un problema temporal con la bandeja de entrada del destinatario.",
        None,
        None,
        R.SERVER_ERROR,
    ),
    # Portuguese. netbit.com.br on "Mailbox is Full".
    (
        "A mensagem não pôde ser entregue pois a caixa postal do destinatário está cheia.",
        None,
        None,
        R.MAILBOX_FULL,
    ),
    # Dutch. Google (support.google.com/a/answer/1186436?hl=nl), 452 4.2.2.
    (
        "452 4.2.2 De limiet van het e-mailaccount dat u probeerde te bereiken, is overschreden.",
        None,
        452,
        R.MAILBOX_FULL,
    ),
    # Polish. Onet (pomoc.poczta.onet.pl): the target account does not exist.
    ("Docelowe konto nie istnieje", None, None, R.ADDRESS_UNKNOWN),
    # Interia (pomoc.poczta.interia.pl): the recipient's mailbox is over-full.
    ("Odbiorca ma przepełnioną skrzynkę.", None, None, R.MAILBOX_FULL),
    # Czech. Seznam (napoveda.seznam.cz/uzivatel-neexistuje).
    (
        "Vaše zpráva pro <jan.novak@example.cz> nemohla být doručena. Uživatel neexistuje.",
        None,
        None,
        R.ADDRESS_UNKNOWN,
    ),
    # Slovak. Gmail (answer/6596?hl=sk): the recipient's server did not accept our requests.
    ("Server príjemcu neprijal naše požiadavky.", None, None, R.SERVER_UNREACHABLE),
    # Czech. blog.eabm.cz on "Quota exceeded for user".
    ("Příjemce má plnou schránku.", None, None, R.MAILBOX_FULL),
    # Turkish. GoDaddy's help (tr.godaddy.com/help/3568).
    ("Geçersiz veya var olmayan e-posta adresi", None, None, R.ADDRESS_UNKNOWN),
    ("Dolu posta kutusu", None, None, R.MAILBOX_FULL),
    # Russian. Yandex's help on non-delivery reports: the recipient's mailbox is full...
    ("Почтовый ящик получателя переполнен.", None, None, R.MAILBOX_FULL),
    # ...the letter went to a non-existent address.
    (
        "Письмо отправлено на несуществующий адрес ivan@example.ru.",
        None,
        None,
        R.ADDRESS_UNKNOWN,
    ),
    # Japanese. Gmail's failure notice, as urashita.com quotes it.
    (
        "宛先の受信トレイの空き容量不足 taro@example.jp にメールを配信できませんでした。",
        None,
        None,
        R.MAILBOX_FULL,
    ),
    # Gmail's delay notice, as tabi-g.blogspot.com quotes it.
    (
        "taro@example.jp へのメールの配信中に一時的な問題が発生しました。Gmail は 19 時間再試行し、"
        "配信できなかった場合はお知らせします。",
        None,
        None,
        R.DELAYED,
    ),
    # Chinese. tnet.hk's bounce topics (traditional script): the user does not exist...
    ("退信: 對方用戶不存在", None, None, R.ADDRESS_UNKNOWN),
    # ...NetEase's full-mailbox bounce (mail.163.com/msgcnt.htm)...
    ("信箱满", None, None, R.MAILBOX_FULL),
    # ...emailhost.com.cn's bounce list: the mail is too large, the domain does not exist...
    ("[退信] 邮件过大", None, None, R.MESSAGE_TOO_LARGE),
    ("[退信] 域名不存在", None, None, R.DOMAIN_UNKNOWN),
    # ...tnet.hk: the account is disabled (frozen, locked, deleted).
    ("退信: 帳號被禁用", None, None, R.MAILBOX_INACTIVE),
    # Google's SMTP reference in simplified Chinese: 421 4.7.0 blocks our IP...
    (
        "421 4.7.0 为保护我们的用户免受垃圾邮件的骚扰,系统暂时屏蔽了从您的 IP 地址发出的邮件。",
        None,
        421,
        R.BLOCKED,
    ),
    # ...421 4.4.5, the server is busy.
    ("421 4.4.5 服务器繁忙,请稍后重试。", None, 421, R.SERVER_ERROR),
]

# Wordings that must stay what they are: our own sender address is not the recipient's, and a
# generic sentence decides nothing.
NOT_THE_RECIPIENT: list[tuple[str, Reason]] = [
    # German and French: the sender's address, not the recipient's (no rule here claims it)
    ("Die Adresse des Absenders existiert nicht.", R.UNKNOWN),
    ("L'adresse de l'expéditeur n'existe pas.", R.UNKNOWN),
    # Russian: the sending server, not the recipient's address
    ("Адрес сервера отправителя не найден.", R.UNKNOWN),
    # Chinese: our sender's domain, not the recipient's
    ("发件人域名不存在", R.UNKNOWN),
    # Gmail de: "vorübergehend abgelehnt" names no cause and stays unknown
    ("Die Nachricht wurde vorübergehend abgelehnt.", R.UNKNOWN),
    # Dutch: our own account's sending limit is not a full mailbox
    ("De verzendlimiet van uw e-mailaccount is overschreden.", R.UNKNOWN),
]


@pytest.mark.parametrize(("text", "status", "reply", "expected"), LANGUAGE_PHRASES)
def test_language_phrases(
    text: str, status: str | None, reply: int | None, expected: Reason
) -> None:
    assert classify(text, status, reply).reason is expected


@pytest.mark.parametrize(("text", "status", "reply", "expected"), LANGUAGE_PHRASES)
def test_anchors_agree_on_the_language_phrases(
    text: str, status: str | None, reply: int | None, expected: Reason
) -> None:
    del status, reply, expected
    lowered = _lower_same_length(text)
    assert _phrase(lowered, text) == _phrase(lowered, text, use_anchors=False)


@pytest.mark.parametrize(("text", "expected"), NOT_THE_RECIPIENT)
def test_wordings_these_rules_leave_alone(text: str, expected: Reason) -> None:
    assert classify(text).reason is expected


def test_every_language_rule_is_compiled_and_has_a_test_phrase() -> None:
    compiled = {(group.reason, group.weight, group.anchors) for group in _GROUPS}
    assert all((p.reason, p.weight, p.anchors) in compiled for p in LANGUAGES)
    covered = set()
    for text, _status, _reply, _expected in LANGUAGE_PHRASES:
        found = _phrase(_lower_same_length(text), text)
        assert found is not None, text
        covered.update(
            index
            for index, rule in enumerate(LANGUAGES)
            if re.search(rule.pattern, _lower_same_length(text))
        )
    assert covered == set(range(len(LANGUAGES)))


def test_a_5_1_6_beside_the_french_wording_still_decides() -> None:
    # Exchange sends this text with 5.1.6 (mailbox moved): the code outweighs the wording
    text = "550 5.1.6 L'adresse à laquelle ce message a été envoyé n'accepte plus de messages."
    assert classify(text, "5.1.6", 550).reason is R.ADDRESS_UNKNOWN


def test_a_full_mailbox_in_german_is_soft_even_with_a_5xx() -> None:
    verdict = classify("552 5.2.2 Der Posteingang des Empfängers ist voll.", "5.2.2", 552)
    assert verdict.reason is R.MAILBOX_FULL and not verdict.hard
