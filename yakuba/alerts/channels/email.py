"""E-mail through the ``"alerts"`` mailer (Django 6.1 ``MAILERS``), one connection per chunk.

Each message is ``multipart/alternative`` (plain text + HTML, UTF-8, base64) with
``Date``, a ``Message-ID`` fixed per delivery (``<{alert uuid}.{delivery id}@{domain}>``: a
message re-sent after a crash carries the same id, so mail clients can fold the
duplicate), one-click unsubscribe (RFC 8058 ``List-Unsubscribe`` + ``List-Unsubscribe-Post``),
``Auto-Submitted: auto-generated`` (RFC 3834: no vacation replies) and a MIME-encoded
Japanese subject.

On an SMTP mailer the bytes are written straight to the mailer's open connection: the
headers and the base64 bodies are assembled without the ``email`` package, which costs
more than the SMTP exchange itself at fan-out volumes.  Any other backend (``locmem`` in
the test settings, ``console``) gets the same message as a Django
``EmailMultiAlternatives`` through ``send_messages``.
"""

from __future__ import annotations

import base64
import email.utils
import re
import smtplib
from collections.abc import Iterable, Iterator
from email.header import Header

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from yakuba.core.services import get_municipality

from .base import Message, Outcome, Result

MAILER_ALIAS = "alerts"
BOUNDARY = "=_yakuba_alert_part_boundary_8f3a1c"
_DOT_AT_LINE_START = re.compile(rb"(?m)^\.")


def _base64_lines(text: str) -> bytes:
    encoded = base64.encodebytes(text.encode("utf-8"))  # 76-character lines
    return encoded.replace(b"\n", b"\r\n")


def _header_value(value: str) -> str:
    if value.isascii():
        return value
    return Header(value, "utf-8", header_name="Subject").encode(linesep="\r\n")


class EmailSender:
    """The e-mail channel (see the module docstring)."""

    channel = "email"

    def __init__(self) -> None:
        self.from_email = settings.DEFAULT_FROM_EMAIL
        self.domain = self.from_email.rpartition("@")[2] or "localhost"
        profile = get_municipality()
        self.from_header = (
            email.utils.formataddr((profile.name, self.from_email), charset="utf-8")
            if profile is not None
            else self.from_email
        )
        self.mailer = None
        self._subjects: dict[str, str] = {}

    # --- the Sender interface -----------------------------------------------------------

    def open(self) -> None:
        self.mailer = mailers[MAILER_ALIAS]
        if isinstance(self.mailer, SmtpBackend):
            try:
                self.mailer.open()
            except OSError:
                pass  # each send reconnects and reports RETRY while the server is down

    def close(self) -> None:
        if self.mailer is not None:
            try:
                self.mailer.close()
            except (OSError, smtplib.SMTPException):
                pass
            self.mailer = None

    def send(self, message: Message) -> Result:
        if self.mailer is None:
            self.open()
        if not isinstance(self.mailer, SmtpBackend):
            self.mailer.send_messages([self.django_message(message)])
            return Result(Outcome.SENT)
        data = self.as_bytes(message)
        try:
            return self._deliver(message.address, data)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._reconnect()  # a dropped connection: one fresh connection, one more try
        try:
            return self._deliver(message.address, data)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self._drop()
            return Result(Outcome.RETRY, f"connection: {type(error).__name__}")

    def stream(self, messages: Iterable[Message]) -> Iterator[tuple[Message, Result]]:
        """Send in order, yielding each result as soon as the server answered it.

        With ``PIPELINING`` the envelope (MAIL, RCPT, DATA) of the next message travels in
        the same write as the current message's content: one round trip per message.  The
        caller records each result before the next reply is read, so nothing is reported
        sent before the server's ``250`` and no reply is left unrecorded.
        """
        if self.mailer is None:
            self.open()
        upcoming = iter(messages)
        current = next(upcoming, None)
        announced = False  # the envelope of ``current`` is already on the wire
        try:
            while current is not None:
                connection = getattr(self.mailer, "connection", None)
                if (
                    connection is None
                    or not connection.has_extn("pipelining")
                    or not current.address.isascii()
                ):
                    announced = False
                    yield current, self.send(current)
                    current = next(upcoming, None)
                    continue
                following = None
                try:
                    if not announced:
                        connection.send(self._envelope(current))
                    announced = False
                    refused = self._envelope_replies(connection)
                    if refused is not None:
                        yield current, refused
                        current = next(upcoming, None)
                        continue
                    following = next(upcoming, None)
                    payload = _DOT_AT_LINE_START.sub(b"..", self.as_bytes(current)) + b".\r\n"
                    if following is not None and following.address.isascii():
                        payload += self._envelope(following)
                        announced = True
                    connection.send(payload)
                    code, reply = connection.getreply()
                except (smtplib.SMTPServerDisconnected, OSError):
                    announced = False
                    self._reconnect()
                    yield current, self.send(current)  # reconnects once more if needed
                    current = following if following is not None else next(upcoming, None)
                    continue
                if code == 421:
                    self._drop()
                    announced = False
                yield current, Result(Outcome.SENT) if code == 250 else self._refused(code, reply)
                current = following
        finally:
            if announced:  # a message announced but never sent: leave without it
                self._drop()

    def _envelope(self, message: Message) -> bytes:
        return f"MAIL FROM:<{self.from_email}>\r\nRCPT TO:<{message.address}>\r\nDATA\r\n".encode()

    def _envelope_replies(self, connection: smtplib.SMTP) -> Result | None:
        """Read the replies to MAIL, RCPT and DATA; a refusal result, or None to go on."""
        (mail_code, mail_reply), (rcpt_code, rcpt_reply), (data_code, _) = [
            connection.getreply() for _ in range(3)
        ]
        if data_code == 354 and (mail_code != 250 or rcpt_code not in (250, 251)):
            connection.send(b".\r\n")  # an empty message ends the data the server awaits
            connection.getreply()
        if 421 in (mail_code, rcpt_code, data_code):
            raise smtplib.SMTPServerDisconnected("421 from the server")
        if mail_code != 250:
            connection.rset()
            return self._refused(mail_code, mail_reply)
        if rcpt_code not in (250, 251):
            connection.rset()
            return self._refused(rcpt_code, rcpt_reply)
        if data_code != 354:
            connection.rset()
            return self._refused(data_code, b"DATA refused")
        return None

    # --- SMTP ---------------------------------------------------------------------------

    def _deliver(self, address: str, data: bytes) -> Result:
        connection = self.mailer.connection
        if connection is None:
            raise smtplib.SMTPServerDisconnected("not connected")
        if connection.has_extn("pipelining") and address.isascii():
            return self._deliver_pipelined(connection, address, data)
        try:
            connection.sendmail(self.from_email, [address], data)
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            return self._refused(code, reply)
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
            if error.smtp_code == 421:  # the server is closing the connection
                raise smtplib.SMTPServerDisconnected(str(error.smtp_error)) from error
            return self._refused(error.smtp_code, error.smtp_error)
        return Result(Outcome.SENT)

    def _deliver_pipelined(self, connection: smtplib.SMTP, address: str, data: bytes) -> Result:
        """RFC 2920: MAIL, RCPT and DATA in one write, then the message: two round trips."""
        connection.send(f"MAIL FROM:<{self.from_email}>\r\nRCPT TO:<{address}>\r\nDATA\r\n")
        refused = self._envelope_replies(connection)
        if refused is not None:
            return refused
        connection.send(_DOT_AT_LINE_START.sub(b"..", data) + b".\r\n")
        code, reply = connection.getreply()
        if code == 421:
            raise smtplib.SMTPServerDisconnected("421 from the server")
        if code != 250:
            return self._refused(code, reply)
        return Result(Outcome.SENT)

    @staticmethod
    def _refused(code: int, reply: bytes | str) -> Result:
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        outcome = Outcome.BOUNCED if 500 <= code < 600 else Outcome.RETRY
        return Result(outcome, f"{code} {text}"[:300])

    def _drop(self) -> None:
        connection, self.mailer.connection = self.mailer.connection, None
        if connection is not None:
            try:
                connection.close()
            except OSError:
                pass

    def _reconnect(self) -> None:
        self._drop()
        try:
            self.mailer.open()
        except OSError:
            pass

    # --- the message --------------------------------------------------------------------

    def message_id(self, message: Message) -> str:
        alert_part = message.alert_identifier.rpartition(":")[2] or "alert"
        return f"<{alert_part}.{message.delivery_id}@{self.domain}>"

    def headers(self, message: Message) -> dict[str, str]:
        language = "en" if message.language == "en" else "ja"
        return {
            "Date": email.utils.formatdate(localtime=True),
            "Message-ID": self.message_id(message),
            "List-Unsubscribe": f"<{message.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
        }

    def as_bytes(self, message: Message) -> bytes:
        subject = self._subjects.get(message.subject)
        if subject is None:
            subject = self._subjects[message.subject] = _header_value(message.subject)
        head = [
            f"From: {self.from_header}",
            f"To: {message.address}",
            f"Subject: {subject}",
            *(f"{name}: {value}" for name, value in self.headers(message).items()),
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{BOUNDARY}"',
            "",
            f"--{BOUNDARY}",
            'Content-Type: text/plain; charset="utf-8"',
            "Content-Transfer-Encoding: base64",
            "",
            "",
        ]
        middle = [
            f"--{BOUNDARY}",
            'Content-Type: text/html; charset="utf-8"',
            "Content-Transfer-Encoding: base64",
            "",
            "",
        ]
        return b"".join(
            (
                "\r\n".join(head).encode("ascii"),
                _base64_lines(message.text),
                "\r\n".join(middle).encode("ascii"),
                _base64_lines(message.html),
                f"--{BOUNDARY}--\r\n".encode("ascii"),
            )
        )

    def django_message(self, message: Message) -> EmailMultiAlternatives:
        mail = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=self.from_header,
            to=[message.address],
            headers=self.headers(message),
        )
        mail.attach_alternative(message.html, "text/html")
        return mail
