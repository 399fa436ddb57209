"""Register of personal-information files (個人情報ファイル簿).

Each module declares, in code, every file of personal data it holds: what it
contains, why (purposes with their legal basis), how long it is kept, and which
department roles may read it.  Staff can view the register and export it for
publication; the audit trail takes its list of legal purposes from here, so a
read of personal data can only be recorded for a purpose some file declares.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

Text = str | Promise


@dataclass(frozen=True)
class Purpose:
    """A legal purpose for which staff may read or change personal data."""

    key: str
    label: Text
    legal_basis: Text


@dataclass(frozen=True)
class PersonalInformationFile:
    """One 個人情報ファイル: a set of personal data held for stated purposes."""

    key: str
    module: str
    name: Text
    items: tuple[Text, ...]
    subjects: Text
    purposes: tuple[Purpose, ...]
    legal_basis: Text
    retention: Text
    collection_method: Text
    # (department code, minimum role) pairs allowed to read the file.
    readers: tuple[tuple[str, str], ...]
    external_provision: Text = ""
    contains_my_number: bool = False


_files: dict[str, PersonalInformationFile] = {}


def register_file(file: PersonalInformationFile) -> PersonalInformationFile:
    """Declare a file; called from a module's ``AppConfig.ready()``."""
    _files[file.key] = file
    return file


def all_files() -> list[PersonalInformationFile]:
    return sorted(_files.values(), key=lambda f: (f.module, f.key))


def get_file(key: str) -> PersonalInformationFile:
    return _files[key]


def all_purposes() -> dict[str, Purpose]:
    """Every purpose declared by any file, by key."""
    purposes: dict[str, Purpose] = {}
    for file in all_files():
        for purpose in file.purposes:
            purposes.setdefault(purpose.key, purpose)
    return purposes


def purpose_choices() -> list[tuple[str, Text]]:
    return [(key, purpose.label) for key, purpose in all_purposes().items()]
