"""The public verification page: by serial (typed, or the QR code's link) or by the PDF.

Public pages, no sign-in, no JavaScript, no personal data (see
``queries/verification.py`` for what each proof reveals). Every lookup and upload is
rate-limited per client address (``limits.py``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ...queries import verification as queries
from .forms import MAX_UPLOAD_BYTES, SerialForm, UploadForm
from .limits import refuse
from .outcome import upload_outcome


def _serial_url(serial: str, code: str) -> str:
    url = reverse("portal:certificates:verify_serial", args=[serial])
    return f"{url}?{urlencode({'h': code})}" if code else url


def _page(request: HttpRequest, *, serial_form=None, upload_form=None, status=200) -> HttpResponse:
    return render(
        request,
        "certificates/verify/verify.html",
        {
            "serial_form": serial_form or SerialForm(),
            "upload_form": upload_form or UploadForm(),
            "max_upload_megabytes": MAX_UPLOAD_BYTES // (1024 * 1024),
            "root": root_facts(),
        },
        status=status,
    )


def root_facts() -> dict | None:
    """What the page shows about the root certificate, so a downloaded copy can be
    compared: its name, validity and SHA-256 fingerprint (``None`` before set-up)."""
    root = _root()
    if root is None:
        return None
    names = root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    fingerprint = root.fingerprint(hashes.SHA256()).hex().upper()
    return {
        "name": str(names[0].value) if names else root.subject.rfc4514_string(),
        "not_before": root.not_valid_before_utc,
        "not_after": root.not_valid_after_utc,
        "fingerprint": ":".join(fingerprint[i : i + 2] for i in range(0, len(fingerprint), 2)),
    }


@never_cache
@require_http_methods(["GET", "HEAD"])
def verify(request: HttpRequest) -> HttpResponse:
    """The page: a serial form (GET, so the result has a shareable address) and an upload
    form. A submitted serial redirects to its result page."""
    if "serial" not in request.GET:
        return _page(request)
    refused = refuse(request, "lookup")
    if refused:
        return refused
    form = SerialForm(request.GET)
    if not form.is_valid():
        return _page(request, serial_form=form)
    return redirect(_serial_url(form.cleaned_data["serial"], form.cleaned_data["h"]))


@never_cache
@require_http_methods(["GET", "HEAD"])
def verify_serial(request: HttpRequest, serial: str) -> HttpResponse:
    """The QR code's target: ``/certificates/verify/<serial>/?h=<16 hex>``."""
    refused = refuse(request, "lookup")
    if refused:
        return refused
    canonical = queries.normalise_serial(serial)
    raw_code = request.GET.get("h", "")
    code = queries.normalise_hash_prefix(raw_code) if raw_code else ""
    if canonical is None:
        return render(
            request,
            "certificates/verify/serial_result.html",
            {"malformed": True, "typed": serial[:40], "serial_form": SerialForm()},
            status=404,
        )
    if canonical != serial or (raw_code and code and code != raw_code):
        return redirect(_serial_url(canonical, code or ""))
    verdict = queries.verify_serial(canonical, code or None)
    return render(
        request,
        "certificates/verify/serial_result.html",
        {
            "verdict": verdict,
            "code_given": bool(raw_code),
            "serial_form": SerialForm(initial={"serial": verdict.display_serial}),
        },
        status=404 if verdict.outcome == queries.Outcome.NOT_FOUND else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    """POST a PDF: its signature against the city's root, and whether it is an issued
    document (by SHA-256). The file is read in memory and never stored."""
    if request.method != "POST":
        return redirect(reverse("portal:certificates:verify") + "#upload")
    refused = refuse(request, "upload")
    if refused:
        return refused
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, upload_form=form)
    result = upload_outcome(form.cleaned_data["document"])
    return render(request, "certificates/verify/upload_result.html", {"result": result})


def _root() -> x509.Certificate | None:
    from ...authority import AuthorityUnavailableError, root_certificate_pem

    try:
        return x509.load_pem_x509_certificate(root_certificate_pem())
    except AuthorityUnavailableError:
        return None


def _unavailable(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/verify/root_unavailable.html", status=503)


@require_http_methods(["GET", "HEAD"])
def trust_root(request: HttpRequest) -> HttpResponse:
    """The city's root certificate (PEM): the trust anchor of every certificate PDF."""
    root = _root()
    if root is None:
        return _unavailable(request)
    response = HttpResponse(
        root.public_bytes(serialization.Encoding.PEM), content_type="application/x-pem-file"
    )
    response["Content-Disposition"] = 'attachment; filename="root.pem"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_http_methods(["GET", "HEAD"])
def trust_root_der(request: HttpRequest) -> HttpResponse:
    """The same root certificate in DER (``.cer``): what Adobe Acrobat/Reader and
    Windows import without renaming."""
    root = _root()
    if root is None:
        return _unavailable(request)
    response = HttpResponse(
        root.public_bytes(serialization.Encoding.DER), content_type="application/pkix-cert"
    )
    response["Content-Disposition"] = 'attachment; filename="root.cer"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
