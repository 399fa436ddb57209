"""Staff pages for kiosks (市民課 admin): the list with today's counts, register, change,
stop/resume, and the device enrolment link (shown once, as a URL and a QR code)."""

from __future__ import annotations

import datetime

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ...forms.kiosks import EnrolmentForm, KioskForm
from ...queries import kiosks as queries
from ...services import kiosks as services
from .kiosks_common import kiosk_crumbs, kiosk_page


def enrolment_url(token: str) -> str:
    """The absolute link a device opens once: ``<site>/kiosk/enrol/<token>/``."""
    try:
        path = reverse("portal:kiosk:enrol", args=[token])
    except NoReverseMatch:
        path = f"/kiosk/enrol/{token}/"
    return f"{settings.YAKUBA_SITE_URL}{path}"


def _kiosk_with_counts(request: HttpRequest, pk: int):
    kiosk = queries.kiosks_for(request.user).filter(pk=pk).first()
    if kiosk is None:
        raise Http404
    return kiosk


@kiosk_page()
def kiosk_list(request: HttpRequest) -> HttpResponse:
    kiosks = list(queries.kiosks_for(request.user))
    windows = list(queries.maintenance_windows_for(request.user)[:5])
    return render(
        request,
        "certificates/staff/kiosks/kiosk_list.html",
        {
            "kiosks": kiosks,
            "today": timezone.localdate(),
            "totals": {
                "issuances": sum(kiosk.day_issuances for kiosk in kiosks),
                "copies": sum(kiosk.day_copies for kiosk in kiosks),
                "fees": sum(kiosk.day_fees for kiosk in kiosks),
            },
            "status": services.service_status(),
            "hours": services.service_hours_label(),
            "windows": windows,
            "breadcrumbs": [(_("コンビニ交付の端末"), "")],
        },
    )


def _form_page(
    request: HttpRequest, form: KioskForm, heading: str, kiosk=None, status: int = 200
) -> HttpResponse:
    items = [(heading, "")]
    if kiosk is not None:
        items.insert(0, (kiosk.code, reverse("console:certificates:kiosk_detail", args=[kiosk.pk])))
    return render(
        request,
        "certificates/staff/kiosks/kiosk_form.html",
        {
            "form": form,
            "kiosk": kiosk,
            "heading": heading,
            "breadcrumbs": kiosk_crumbs(request, *items),
        },
        status=status,
    )


@kiosk_page(methods=("GET", "POST"))
def kiosk_new(request: HttpRequest) -> HttpResponse:
    form = KioskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kiosk = services.create_kiosk(request.user, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("キオスク端末 %(code)s を登録しました。端末の登録リンクを発行してください。")
                % {"code": kiosk.code},
            )
            return redirect("console:certificates:kiosk_detail", kiosk.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, _("キオスク端末の登録"), status=status)


@kiosk_page()
def kiosk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kiosk = _kiosk_with_counts(request, pk)
    now = timezone.now()
    link_pending = bool(
        kiosk.enrolment_token_hash
        and kiosk.enrolment_expires_at
        and kiosk.enrolment_expires_at > now
    )
    return render(
        request,
        "certificates/staff/kiosks/kiosk_detail.html",
        {
            "kiosk": kiosk,
            "link_pending": link_pending,
            "today": timezone.localdate(),
            "breadcrumbs": kiosk_crumbs(request, (kiosk.code, "")),
        },
    )


@kiosk_page(methods=("GET", "POST"))
def kiosk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kiosk = queries.get_kiosk_for(request.user, pk)
    initial = {
        field: getattr(kiosk, field)
        for field in ("code", "name", "operator", "address", "latitude", "longitude")
    }
    form = KioskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_kiosk(request.user, kiosk.pk, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("キオスク端末の情報を保存しました。"))
            return redirect("console:certificates:kiosk_detail", kiosk.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, _("キオスク端末の情報の変更"), kiosk, status=status)


@kiosk_page(methods=("POST",))
def kiosk_status(request: HttpRequest, pk: int) -> HttpResponse:
    """POST ``action=deactivate`` (stop: the device stops at once) or ``action=activate``."""
    kiosk = queries.get_kiosk_for(request.user, pk)
    action = request.POST.get("action")
    if action == "deactivate":
        services.deactivate_kiosk(request.user, kiosk.pk, request=request)
        messages.success(request, _("キオスク端末の稼働を停止しました。"))
    elif action == "activate":
        services.activate_kiosk(request.user, kiosk.pk, request=request)
        messages.success(
            request,
            _(
                "キオスク端末の稼働を再開しました。端末の登録リンクを発行し、端末を登録し直してください。"
            ),
        )
    else:
        messages.error(request, _("操作を選んでください。"))
    return redirect("console:certificates:kiosk_detail", kiosk.pk)


@kiosk_page(methods=("GET", "POST"))
def kiosk_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: choose the validity. POST: a new link, shown on this response only (the token
    is not stored in clear, so reloading the page cannot show it again)."""
    kiosk = queries.get_kiosk_for(request.user, pk)
    form = EnrolmentForm(request.POST or None)
    crumbs = kiosk_crumbs(
        request,
        (kiosk.code, reverse("console:certificates:kiosk_detail", args=[kiosk.pk])),
        (_("端末の登録リンク"), ""),
    )
    context = {"kiosk": kiosk, "form": form, "breadcrumbs": crumbs}
    if request.method == "POST" and form.is_valid():
        valid_for = datetime.timedelta(days=form.cleaned_data["valid_days"])
        try:
            token = services.issue_enrolment_token(request.user, kiosk.pk, valid_for=valid_for)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            url = enrolment_url(token)
            kiosk.refresh_from_db()
            context.update(
                url=url,
                qr_data_uri=segno.make(url, error="m").svg_data_uri(scale=4, border=2),
                expires_at=kiosk.enrolment_expires_at,
            )
            return render(request, "certificates/staff/kiosks/kiosk_enrolment_link.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "certificates/staff/kiosks/kiosk_enrolment.html", context, status=status)
