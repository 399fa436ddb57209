"""manage.py certificates_kiosk: create, list, print an enrolment link."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from yakuba.certificates.models import Kiosk
from yakuba.certificates.services import kiosks as services

pytestmark = pytest.mark.django_db


def test_create_list_and_enrol(capsys, settings):
    settings.YAKUBA_SITE_URL = "https://www.city.example.lg.jp"
    call_command(
        "certificates_kiosk",
        "create",
        "k0001",
        "セブン-イレブン武蔵村山中央店",
        "--address",
        "東京都武蔵村山市中央一丁目",
        "--latitude",
        "35.75",
        "--longitude",
        "139.39",
    )
    assert "created K0001 セブン-イレブン武蔵村山中央店" in capsys.readouterr().out
    call_command("certificates_kiosk", "list")
    assert "K0001\tactive\tnot enrolled\tセブン-イレブン武蔵村山中央店" in capsys.readouterr().out
    call_command("certificates_kiosk", "enrol", "K0001", "--days", "1")
    link = capsys.readouterr().out.splitlines()[0]
    assert link.startswith("https://www.city.example.lg.jp/kiosk/enrol/")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    kiosk, generation = services.enrol_device(token)
    assert (kiosk.code, generation) == ("K0001", 1)


def test_errors_are_reported_without_a_traceback():
    with pytest.raises(CommandError, match="キオスクIDは英大文字"):
        call_command("certificates_kiosk", "create", "k 1", "店")
    with pytest.raises(CommandError, match="no kiosk"):
        call_command("certificates_kiosk", "enrol", "K0404")
    assert Kiosk.objects.count() == 0
