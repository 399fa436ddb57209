"""Register and list kiosks, and print a device enrolment link, from the shell.

    manage.py certificates_kiosk create K0001 "セブン-イレブン武蔵村山中央店" \
        --operator "株式会社セブン-イレブン・ジャパン" --address "…" --latitude 35.75 --longitude 139.39
    manage.py certificates_kiosk list
    manage.py certificates_kiosk enrol K0001 [--days 7]

Runs as the system (no staff user); the staff pages do the same for 市民課 admins.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from yakuba.certificates.models import Kiosk
from yakuba.certificates.services import kiosks as services


def _errors(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(message) for message in messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(str(message) for message in error.messages)


class Command(BaseCommand):
    help = "Create or list kiosks (コンビニ交付) and print a one-time device enrolment link."

    def add_arguments(self, parser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="register a kiosk")
        create.add_argument("code")
        create.add_argument("name")
        create.add_argument("--operator", default="")
        create.add_argument("--address", default="")
        create.add_argument("--latitude", default=None)
        create.add_argument("--longitude", default=None)
        commands.add_parser("list", help="list the kiosks")
        enrol = commands.add_parser("enrol", help="print a new enrolment link of a kiosk")
        enrol.add_argument("code")
        enrol.add_argument("--days", type=int, default=7)

    def handle(self, *args, action: str, **options) -> None:
        if action == "create":
            self._create(options)
        elif action == "list":
            self._list()
        else:
            self._enrol(options["code"], options["days"])

    def _create(self, options) -> None:
        try:
            kiosk = services.create_kiosk(
                None,
                code=options["code"],
                name=options["name"],
                operator=options["operator"],
                address=options["address"],
                latitude=options["latitude"],
                longitude=options["longitude"],
            )
        except ValidationError as error:
            raise CommandError(_errors(error)) from error
        self.stdout.write(f"created {kiosk.code} {kiosk.name}")

    def _list(self) -> None:
        for kiosk in Kiosk.objects.order_by("code"):
            state = "active" if kiosk.is_active else "stopped"
            enrolled = (
                f"enrolled {kiosk.enrolled_at:%Y-%m-%d %H:%M} gen {kiosk.device_generation}"
                if kiosk.enrolled_at
                else "not enrolled"
            )
            self.stdout.write(f"{kiosk.code}\t{state}\t{enrolled}\t{kiosk.name}\t{kiosk.address}")

    def _enrol(self, code: str, days: int) -> None:
        kiosk = Kiosk.objects.filter(code=code.strip().upper()).first()
        if kiosk is None:
            raise CommandError(f"no kiosk {code!r}")
        try:
            token = services.issue_enrolment_token(
                None, kiosk.pk, valid_for=datetime.timedelta(days=days)
            )
        except ValidationError as error:
            raise CommandError(_errors(error)) from error
        try:
            path = reverse("portal:kiosk:enrol", args=[token])
        except NoReverseMatch:
            path = f"/kiosk/enrol/{token}/"
        kiosk.refresh_from_db()
        self.stdout.write(f"{settings.YAKUBA_SITE_URL}{path}")
        self.stdout.write(
            f"valid once until {kiosk.enrolment_expires_at:%Y-%m-%d %H:%M %Z}; "
            "the kiosk's current device keeps working until the link is used"
        )
