"""The 個人情報ファイル簿 as rows for the console page and the CSV export (for publication)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _

from yakuba.core.privacy_register import PersonalInformationFile
from yakuba.core.services import get_municipality
from yakuba.identity.models import Role
from yakuba.identity.permissions import departments_on

LIST_SEPARATOR = "、"


@dataclass(frozen=True)
class RegisterRow:
    """One file with every value as display text (the page and the CSV show the same)."""

    key: str
    module: str
    name: str
    items: str
    subjects: str
    purposes: list[str]
    legal_basis: str
    collection_method: str
    retention: str
    readers: list[str]
    external_provision: str
    contains_my_number: bool


def _department_names() -> dict[str, str]:
    return dict(departments_on().values_list("code", "name"))


def _reader_text(code: str, role: str, names: dict[str, str]) -> str:
    return _("%(department)s（%(role)s以上）") % {
        "department": names.get(code, code),
        "role": Role(role).label,
    }


def rows(files: Iterable[PersonalInformationFile]) -> list[RegisterRow]:
    names = _department_names()
    return [
        RegisterRow(
            key=file.key,
            module=file.module,
            name=str(file.name),
            items=LIST_SEPARATOR.join(str(item) for item in file.items),
            subjects=str(file.subjects),
            purposes=[
                _("%(purpose)s（%(basis)s）") % {"purpose": p.label, "basis": p.legal_basis}
                for p in file.purposes
            ],
            legal_basis=str(file.legal_basis),
            collection_method=str(file.collection_method),
            retention=str(file.retention),
            readers=[_reader_text(code, role, names) for code, role in file.readers],
            external_provision=str(file.external_provision) or _("なし"),
            contains_my_number=file.contains_my_number,
        )
        for file in files
    ]


def header() -> list[str]:
    return [
        _("ファイルの名称"),
        _("識別子"),
        _("モジュール"),
        _("記録項目"),
        _("記録される人"),
        _("利用目的"),
        _("根拠"),
        _("収集の方法"),
        _("保存期間"),
        _("閲覧できる課と役割"),
        _("外部への提供"),
        _("マイナンバーを含む"),
    ]


def as_record(row: RegisterRow) -> list[str]:
    return [
        row.name,
        row.key,
        row.module,
        row.items,
        row.subjects,
        "\n".join(row.purposes),
        row.legal_basis,
        row.collection_method,
        row.retention,
        "\n".join(row.readers),
        row.external_provision,
        _("はい") if row.contains_my_number else _("いいえ"),
    ]


def filename() -> str:
    municipality = get_municipality()
    code = municipality.code if municipality else "yakuba"
    return f"privacy-register-{code}.csv"


def csv_response(files: Iterable[PersonalInformationFile]) -> HttpResponse:
    """UTF-8 with a byte-order mark, so Excel opens the Japanese text correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(header())
    for row in rows(files):
        writer.writerow(as_record(row))
    return response
