"""Preview of an alert per channel and language, through the delivery engine's renderer.

What staff see is what the channels send (:func:`yakuba.alerts.delivery.render.render`
with ``endpoint=None``: placeholder manage/unsubscribe links).  The e-mail's HTML is
shown in a sandboxed ``<iframe>`` from :func:`alert_preview_email`, a response with its
own strict CSP (the message's inline styles are allowed there and nowhere else).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from yakuba.identity.decorators import staff_required

from ... import policies
from ...languages import Language
from ...models import Channel, MsgType
from . import queries
from .common import alert_crumb, crumbs

#: What a phone shows of a notification before cutting it (Android and iOS lock screens).
PUSH_TITLE_LIMIT = 50
PUSH_BODY_LIMIT = 120
#: The LINE Messaging API's maximum length of one text message.
LINE_LIMIT = 5000
#: CAP 1.2 recommends a headline under 160 characters.
CAP_HEADLINE_LIMIT = 160

EMAIL_PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": ["data:"],
    "frame-ancestors": [CSP.SELF],
    "sandbox": True,
}


@dataclass(frozen=True)
class Shown:
    """A text as a device shows it: cut to ``limit`` characters with 「…」."""

    full: str
    limit: int

    @property
    def too_long(self) -> bool:
        return len(self.full) > self.limit

    @property
    def shown(self) -> str:
        return self.full if not self.too_long else self.full[: self.limit - 1] + "…"

    @property
    def length(self) -> int:
        return len(self.full)


def language_labels() -> list[tuple[str, str]]:
    """The message languages as staff call them (the UI's own English label differs)."""
    return [("ja", _("日本語")), ("en", _("英語")), ("easy", _("やさしい日本語"))]


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("language", "ja")
    return wanted if wanted in Language.values else "ja"


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def alert_preview(request: HttpRequest, pk: int) -> HttpResponse:
    from yakuba.alerts.delivery.render import render as render_alert

    alert = queries.get_alert_for(request.user, pk)
    language = _language(request)
    rendered = render_alert(alert, Channel.EMAIL, language)
    headline = alert.title_in(rendered.language)
    if alert.msg_type != MsgType.ALERT:
        headline = rendered.push.get("title", headline)
    warnings = []
    push_title = Shown(str(rendered.push.get("title", "")), PUSH_TITLE_LIMIT)
    push_body = Shown(str(rendered.push.get("body", "")), PUSH_BODY_LIMIT)
    line = Shown(rendered.line_text, LINE_LIMIT)
    cap = Shown(headline, CAP_HEADLINE_LIMIT)
    if push_title.too_long:
        warnings.append(
            _(
                "プッシュ通知の件名が%(limit)s文字を超えています（%(length)s文字）。端末では途中で切れます。"
            )
            % {"limit": PUSH_TITLE_LIMIT, "length": push_title.length}
        )
    if push_body.too_long:
        warnings.append(
            _(
                "プッシュ通知の本文が%(limit)s文字を超えています（%(length)s文字）。端末では途中で切れるため、要点を先に書いてください。"
            )
            % {"limit": PUSH_BODY_LIMIT, "length": push_body.length}
        )
    if line.too_long:
        warnings.append(
            _(
                "LINEのメッセージが%(limit)s文字を超えています（%(length)s文字）。送信できません。本文を短くしてください。"
            )
            % {"limit": LINE_LIMIT, "length": line.length}
        )
    if alert.body_in(rendered.language).strip() not in rendered.line_text:
        warnings.append(
            _(
                "LINEでは本文の一部が省略されます。全文は配信のページへのリンクで読めます。"
                "要点を先に書いてください。"
            )
        )
    if cap.too_long:
        warnings.append(
            _("CAPの見出しが%(limit)s文字を超えています（%(length)s文字）。")
            % {"limit": CAP_HEADLINE_LIMIT, "length": cap.length}
        )
    languages = [(code, label, code in alert.languages) for code, label in language_labels()]
    return render(
        request,
        "alerts/staff/alert_preview.html",
        {
            "alert": alert,
            "language": language,
            "language_label": dict(language_labels())[language],
            "fallback": rendered.language != language,
            "languages": languages,
            "rendered": rendered,
            "push_title": push_title,
            "push_body": push_body,
            "line": line,
            "headline": cap,
            "warnings": warnings,
            "breadcrumbs": crumbs(alert_crumb(alert), (_("プレビュー"), "")),
        },
    )


@never_cache
@require_GET
@xframe_options_sameorigin
@csp_override(EMAIL_PREVIEW_CSP)
@staff_required(grants=policies.VIEW_GRANTS)
def alert_preview_email(request: HttpRequest, pk: int) -> HttpResponse:
    """The e-mail's HTML part alone, for the preview's sandboxed frame."""
    from yakuba.alerts.delivery.render import render as render_alert

    alert = queries.get_alert_for(request.user, pk)
    language = _language(request)
    rendered = render_alert(alert, Channel.EMAIL, language)
    return HttpResponse(rendered.html, content_type="text/html; charset=utf-8")
