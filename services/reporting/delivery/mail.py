"""Report mail: a short text with links to the web app and to unsubscribe, the PDF attached, sent by SMTP
(``EMBRACE_SMTP_URL``: ``smtp://[user:pass@]host:port``, STARTTLS when the server offers it, or
``smtps://`` for TLS from the start)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from embrace import i18n
from embrace.errors import OperatorError


@dataclass(frozen=True)
class Letter:
    to: str
    language: str
    kind: str  # weekly, quarterly
    period: str
    tenant: str
    link: str
    unsubscribe: str
    pdf: bytes
    attachments: dict[str, bytes] = field(default_factory=dict)  # more PDFs by file name: a meeting's minutes


def message(letter: Letter, sender: str) -> EmailMessage:
    language = i18n.spoken(letter.language)
    title = i18n.gettext(f"mail.title_{letter.kind}", language)
    words = {"period": letter.period, "tenant": letter.tenant, "link": letter.link,
             "unsubscribe": letter.unsubscribe, "title": title}  # fmt: skip
    mail = EmailMessage()
    mail["From"], mail["To"] = sender, letter.to
    mail["Subject"] = i18n.gettext(f"mail.subject_{letter.kind}", language, **words)
    mail["List-Unsubscribe"] = f"<{letter.unsubscribe}>"
    mail.set_content(i18n.gettext("mail.text", language, **words))
    name = f"embrace-{letter.kind}-{letter.period}.pdf"
    mail.add_attachment(letter.pdf, maintype="application", subtype="pdf", filename=name)
    for filename, pdf in letter.attachments.items():
        mail.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return mail


def send(url: str, mail: EmailMessage) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise OperatorError(f"EMBRACE_SMTP_URL {url!r}: use smtp://host:port or smtps://host:port")
    secure = parts.scheme == "smtps"
    port = parts.port or (465 if secure else 25)
    context = ssl.create_default_context()
    server = (smtplib.SMTP_SSL(parts.hostname, port, context=context, timeout=30) if secure
              else smtplib.SMTP(parts.hostname, port, timeout=30))  # fmt: skip
    with server:
        server.ehlo()
        if not secure and server.has_extn("starttls"):
            server.starttls(context=context)
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(mail)


@dataclass(frozen=True)
class Mailer:
    """Mail through one SMTP server from one sender: report letters, and ready messages (alerts)."""

    smtp_url: str
    sender: str

    def __call__(self, letter: Letter) -> None:
        send(self.smtp_url, message(letter, self.sender))

    def raw(self, mail: EmailMessage) -> None:
        send(self.smtp_url, mail)


def mailer(smtp_url: str, sender: str) -> Mailer:
    return Mailer(smtp_url, sender)
