"""The certificate PDF (ReportLab, IPAex fonts): ``render_certificate_pdf(document, stamp)``.

See docs/modules/certificates-pdf.md.
"""

from .render import render_certificate_pdf

__all__ = ["render_certificate_pdf"]
