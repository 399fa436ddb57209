"""Forms of the public verification page: a serial (and optionally the 照合コード), or a PDF."""

from __future__ import annotations

import magic
from django import forms
from django.utils.translation import gettext_lazy as _

from ...queries.verification import HASH_PREFIX_LENGTH, normalise_hash_prefix, normalise_serial

#: The largest PDF accepted (a certificate is ~100 KB per page; 10 copies stay far below).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: libmagic reads the type from the first bytes.
MAGIC_BYTES = 4096


class SerialForm(forms.Form):
    """``serial`` as printed (any width, case, hyphens; I/L read as 1, O as 0); ``h``: the
    照合コード (the QR code carries it; optional when typing)."""

    serial = forms.CharField(
        label=_("証明書番号"),
        max_length=40,
        help_text=_(
            "証明書の右上に印字された16文字（例: 7K3M-9QX2-B4T8-ZP0R）。ハイフンは省略できます。"
        ),
        error_messages={"required": _("証明書番号を入力してください。")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
    )
    h = forms.CharField(
        label=_("照合コード（任意）"),
        required=False,
        max_length=80,
        help_text=_(
            "QRコードの下に印字された16文字の英数字（0〜9とa〜f）。入力すると、証明書の内容が発行したものと同じか確かめられます。"
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_serial(self) -> str:
        serial = normalise_serial(self.cleaned_data["serial"])
        if serial is None:
            raise forms.ValidationError(
                _(
                    "証明書番号は16文字の英数字です（例: 7K3M-9QX2-B4T8-ZP0R）。印字のとおりに入力してください。"
                ),
                code="format",
            )
        return serial

    def clean_h(self) -> str:
        text = self.cleaned_data.get("h", "")
        if not text.strip():
            return ""
        code = normalise_hash_prefix(text)
        if code is None:
            raise forms.ValidationError(
                _("照合コードは%(length)s文字の英数字（0〜9とa〜f）です。"),
                code="format",
                params={"length": HASH_PREFIX_LENGTH},
            )
        return code


class UploadForm(forms.Form):
    """A certificate PDF, checked by size and by content (libmagic), never by its name."""

    document = forms.FileField(
        label=_("証明書のPDFファイル"),
        help_text=_("5 MBまで。ファイルは確認のためだけに使い、保存しません。"),
        error_messages={
            "required": _("PDFファイルを選んでください。"),
            "empty": _("ファイルが空です。証明書のPDFファイルを選んでください。"),
            "invalid": _("ファイルを受け取れませんでした。もう一度選んでください。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（上限 %(limit)s）。"),
                code="too_large",
                params={"limit": "5 MB"},
            )
        upload.seek(0)
        data = upload.read()
        if not data:
            raise forms.ValidationError(
                self.fields["document"].error_messages["empty"], code="empty"
            )
        if magic.from_buffer(data[:MAGIC_BYTES], mime=True) != "application/pdf":
            raise forms.ValidationError(
                _(
                    "PDFファイルではありません。コンビニで交付された証明書のPDFファイルを選んでください。"
                ),
                code="not_pdf",
            )
        return data
