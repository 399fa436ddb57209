"""The staff form of a resource: a file uploaded here, or the address of a file or an API
elsewhere.  The file is checked (content, size) by the service; the form only says which
of the fields the chosen kind needs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import ResourceKind

KIND_CHOICES = [
    (ResourceKind.UPLOAD, _("ファイルをアップロードする")),
    (ResourceKind.LINK, _("ほかのサイトにあるファイルへのリンク")),
    (ResourceKind.API, _("API（いつも最新のデータを返す窓口）へのリンク")),
]


#: Formats a file's extension names, for an upload whose format was left blank (the service
#: then checks the content against it: a ZIP named ``.csv`` is refused).
EXTENSION_FORMATS = {
    "csv": "CSV",
    "tsv": "TSV",
    "txt": "TXT",
    "json": "JSON",
    "geojson": "GeoJSON",
    "xml": "XML",
    "rdf": "RDF",
    "ttl": "TTL",
    "pdf": "PDF",
    "zip": "ZIP",
    "xlsx": "XLSX",
    "xls": "XLS",
    "ods": "ODS",
    "docx": "DOCX",
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "tif": "TIFF",
    "tiff": "TIFF",
}


def upload_limit_megabytes() -> int:
    return max(1, settings.YAKUBA_OPENDATA_MAX_UPLOAD_BYTES // (1024 * 1024))


class ResourceForm(forms.Form):
    """``has_file``: the resource already keeps a file (editing), so a new upload is
    optional."""

    kind = forms.ChoiceField(
        label=_("種類"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial="upload"
    )
    upload = forms.FileField(label=_("ファイル"), required=False)
    url = forms.URLField(
        label=_("URL"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("リンクまたはAPIのときに入力します（https:// から始まるアドレス）。"),
    )
    name = forms.CharField(
        label=_("名称"),
        required=False,
        max_length=300,
        help_text=_("空欄ならファイル名を使います。"),
    )
    name_en = forms.CharField(label=_("名称（英語）"), required=False, max_length=300)
    description = forms.CharField(
        label=_("説明"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("説明（英語）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    format = forms.CharField(
        label=_("形式"),
        required=False,
        max_length=40,
        help_text=_(
            "例: CSV、JSON、XLSX、PDF。ファイルのときは空欄なら拡張子と中身から判定します。"
        ),
    )

    def __init__(self, *args: Any, has_file: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        limit = upload_limit_megabytes()
        if has_file:
            self.fields["upload"].label = _("新しいファイル（差し替えるとき）")
            self.fields["upload"].help_text = _(
                "選ぶと新しい版として公開します（前の版も残ります）。上限 %(limit)s MB。"
            ) % {"limit": limit}
        else:
            self.fields["upload"].help_text = _(
                "CSV は UTF-8 または Shift_JIS。上限 %(limit)s MB。実行ファイルなどは公開できません。"
            ) % {"limit": limit}

    def clean_format(self) -> str:
        return self.cleaned_data.get("format", "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == ResourceKind.UPLOAD:
            if not data.get("upload") and not self.has_file:
                self.add_error("upload", _("公開するファイルを選んでください。"))
        elif kind in (ResourceKind.LINK, ResourceKind.API) and not data.get("url"):
            if "url" not in self.errors:
                self.add_error("url", _("URLを入力してください。"))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The fields ``create_resource`` / ``update_resource`` take (the file apart)."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "name": data["name"].strip(),
            "name_en": data["name_en"].strip(),
            "description": data["description"].strip(),
            "description_en": data["description_en"].strip(),
        }
        if data["format"]:
            fields["format"] = data["format"]
        elif data["kind"] == ResourceKind.UPLOAD and data.get("upload"):
            extension = data["upload"].name.rpartition(".")[2].lower()
            if extension in EXTENSION_FORMATS:
                fields["format"] = EXTENSION_FORMATS[extension]
        if data["kind"] == ResourceKind.UPLOAD:
            fields["kind"] = ResourceKind.UPLOAD
            fields["url"] = ""
        else:
            fields["kind"] = data["kind"]
            fields["url"] = data["url"]
        return fields

    def has_upload_error(self) -> bool:
        return bool(self.errors) and bool(self.files.get("upload"))
