"""The English catalogue is complete and up to date with the source strings.

Source strings are Japanese; every page must also work in English, so every
msgid needs a translation, none may be fuzzy, and the catalogue must hold every
string the code and templates use (``make catalogue`` refreshes it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MAKEMESSAGES_IGNORES = ("tests", "*/tests/*")
# What makemessages scans (the same set `make catalogue` sees, without .venv and var).
SOURCE_ROOTS = ("manage.py", "config", "yakuba", "templates", "tests")


def _keys(catalogue: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    broken = []
    for entry in catalogue.translated_entries():
        for name in polib.re.findall(r"%\((\w+)\)[sd]", entry.msgid):
            translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            if not all(f"%({name})" in text for text in translations):
                broken.append(entry.msgid)
    assert broken == []


def test_holds_every_string_the_code_uses(tmp_path):
    # makemessages writes next to the sources it scans, so it scans a tree of
    # symbolic links whose only locale directory is a fresh one.
    tree = tmp_path / "src"
    tree.mkdir()
    for name in SOURCE_ROOTS:
        (tree / name).symlink_to(Path(settings.BASE_DIR) / name)
    (tree / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    command = [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"]
    command += ["--symlinks", "-v", "0"]
    command += [f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORES]
    subprocess.run(
        command,
        cwd=tree,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings_catalogue",
            "YAKUBA_CATALOGUE_DIR": str(tree / "locale"),
        },
        check=True,
        capture_output=True,
    )
    extracted = _keys(polib.pofile(str(tree / "locale" / "en" / "LC_MESSAGES" / "django.po")))
    committed = _keys(polib.pofile(str(CATALOGUE)))

    missing = sorted(msgid for _context, msgid in extracted - committed)
    assert len(extracted) > 100
    assert missing == [], "run `make catalogue` and translate the new strings"
