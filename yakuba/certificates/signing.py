"""The city's PAdES signature on certificate PDFs, and its verification against our root.

``sign_certificate_pdf`` adds a PAdES baseline B-B signature (ETSI EN 319 142-1: CAdES
detached signature, ``/SubFilter /ETSI.CAdES.detached``, signing certificate v2 attribute,
the chain embedded) by the issuing certificate 「<市名>長」 in an invisible field
「市長公印」, as an incremental update of the rendered PDF.

``verify_certificate_pdf`` checks it with pyHanko: our root as the only trust anchor, no
network (``allow_fetching=False``), and the signature must cover the whole file. It never
raises on bad input; the verdict carries a reason code and a Japanese message.
"""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .authority import AuthorityUnavailableError, issuing_signer, load_authority

FIELD_NAME = "市長公印"
REASON = "証明書の交付"
#: Room for the CMS blob (DER bytes; the PDF holds it as hex). Our P-256 chain gives a
#: ~1.3 KB container; a fixed size spares pyHanko's estimate, a whole dummy signature
#: (half of the signing time).
SIGNATURE_BYTES_RESERVED = 6144

REASONS = ("valid", "not_pdf", "unsigned", "tampered", "untrusted", "modified_after_signing")


@dataclass(frozen=True)
class PdfVerdict:
    """What the verification found.

    ``valid``: intact, trusted by our root and covering the entire file. ``reason``: one
    of :data:`REASONS`. ``signed_at``: the signing time the signer reported (not a
    timestamp authority's). ``signer_name``: the signing certificate's common name.
    """

    valid: bool
    intact: bool
    trusted: bool
    coverage_entire_file: bool
    signed_at: datetime.datetime | None
    signer_name: str
    reason: str
    message: str


def sign_certificate_pdf(pdf: bytes) -> bytes:
    """``pdf`` with the city's PAdES B-B signature appended (incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    authority = load_authority()
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=REASON,
        location=authority.municipality_name,
        name=f"{authority.municipality_name}長",
        embed_validation_info=False,
        use_pades_lta=False,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    output = io.BytesIO()
    signers.PdfSigner(
        metadata,
        signer=issuing_signer(),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME),
    ).sign_pdf(writer, output=output, bytes_reserved=SIGNATURE_BYTES_RESERVED)
    return output.getvalue()


def _verdict(
    reason: str,
    *,
    intact: bool = False,
    trusted: bool = False,
    entire: bool = False,
    signed_at: datetime.datetime | None = None,
    signer_name: str = "",
) -> PdfVerdict:
    messages = {
        "valid": _("電子署名は有効です。市が発行した証明書で、発行後に改ざんされていません。"),
        "not_pdf": _("PDFファイルとして読み取れません。"),
        "unsigned": _("このPDFには電子署名がありません。"),
        "tampered": _("署名の後に内容が書き換えられています（署名が一致しません）。"),
        "untrusted": _("市の証明書発行用の電子証明書による署名ではありません。"),
        "modified_after_signing": _("署名の後にPDFへ変更が加えられています。"),
    }
    return PdfVerdict(
        valid=reason == "valid",
        intact=intact,
        trusted=trusted,
        coverage_entire_file=entire,
        signed_at=signed_at,
        signer_name=signer_name,
        reason=reason,
        message=messages[reason],
    )


def _common_name(certificate: object) -> str:
    try:
        return str(certificate.subject.native.get("common_name", ""))  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return ""


def verify_certificate_pdf(pdf: bytes) -> PdfVerdict:
    """Check the city's signature on ``pdf`` (see :class:`PdfVerdict`); never raises on bad input."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if not isinstance(pdf, bytes | bytearray) or not pdf.lstrip()[:5] == b"%PDF-":
        return _verdict("not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(bytes(pdf)), strict=False)
        signatures = reader.embedded_regular_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError):
        return _verdict("not_pdf")
    except Exception:  # a malformed file can break the parser in many ways
        logging.getLogger(__name__).info("unreadable PDF", exc_info=True)
        return _verdict("not_pdf")
    if not signatures:
        return _verdict("unsigned")
    signature = signatures[0]
    try:
        trust_roots = [_asn1_root()]
    except AuthorityUnavailableError:
        trust_roots = []
    context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
    # pyhanko logs a path-building traceback for an untrusted signer: noise here.
    quiet = logging.getLogger("pyhanko.sign.validation")
    previous = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        status = validate_pdf_signature(signature, context)
    except Exception:  # a damaged signature dictionary or CMS blob
        logging.getLogger(__name__).info("signature not verifiable", exc_info=True)
        return _verdict("tampered")
    finally:
        quiet.setLevel(previous)
    intact = bool(status.intact and status.valid)
    trusted = bool(status.trusted)
    entire = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    details = {
        "intact": intact,
        "trusted": trusted,
        "entire": entire,
        "signed_at": status.signer_reported_dt,
        "signer_name": _common_name(status.signing_cert),
    }
    if not intact:
        return _verdict("tampered", **details)
    if not trusted:
        return _verdict("untrusted", **details)
    if not entire or len(signatures) > 1:
        return _verdict("modified_after_signing", **details)
    return _verdict("valid", **details)


def _asn1_root() -> object:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    return asn1_x509.Certificate.load(
        load_authority().root.public_bytes(serialization.Encoding.DER)
    )
