"""Give every person and household already in the register its first history rows.

Registers created before the history existed hold only current rows.  One
movement of kind ``initial`` (source ``import``) takes them over: each person
gets a version valid from the day they became resident (the address before
``address_set_on`` is not known: the current one is shown), and a 除票 a
second version from its removal date; each household gets its address from
the earliest of its members' dates, and ``dissolved`` from the last removal
when no current member is left.  The same rule as
``services.bulk_create_population``.
"""

import datetime

from django.db import migrations
from django.utils import timezone

BATCH = 2000
PERSON_FIELDS = (
    "resident_code",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
    "birth_date",
    "sex",
    "household_id",
    "relationship",
    "became_resident_on",
    "address_set_on",
    "previous_address",
    "registered_domicile",
    "domicile_head",
)


def _banchi_key(text):
    from yakuba.residents.models.household import banchi_search_key

    return banchi_search_key(text)


def forwards(apps, schema_editor):
    Household = apps.get_model("residents", "Household")
    Person = apps.get_model("residents", "Person")
    Movement = apps.get_model("residents", "Movement")
    PersonVersion = apps.get_model("residents", "PersonVersion")
    HouseholdVersion = apps.get_model("residents", "HouseholdVersion")

    for household in Household.objects.all().iterator():
        household.address_search_key = _banchi_key(f"{household.banchi} {household.katagaki}")
        household.save(update_fields=["address_search_key"])
    if not Person.objects.exists():
        return
    now = timezone.now()
    movement = Movement.objects.create(
        kind="initial",
        effective_on=timezone.localdate(now),
        recorded_at=now,
        source="import",
        reason="履歴管理の導入時の記載",
    )
    households = {h.pk: h for h in Household.objects.all()}
    earliest: dict[int, datetime.date] = {}
    last_removal: dict[int, datetime.date] = {}
    has_resident: set[int] = set()
    rows = []
    for person in Person.objects.all().order_by("pk").iterator():
        household = households[person.household_id]
        base = {name: getattr(person, name) for name in PERSON_FIELDS}
        base.update(
            person_id=person.pk,
            movement_id=movement.pk,
            recorded_at=now,
            town_area_id=household.town_area_id,
            banchi=household.banchi,
            katagaki=household.katagaki,
        )
        if person.status != "removed" or person.removed_on > person.became_resident_on:
            rows.append(
                PersonVersion(valid_from=person.became_resident_on, status="resident", **base)
            )
        if person.status == "removed":
            rows.append(
                PersonVersion(
                    valid_from=person.removed_on,
                    status="removed",
                    removed_on=person.removed_on,
                    **base,
                )
            )
            previous = last_removal.get(person.household_id)
            if previous is None or person.removed_on > previous:
                last_removal[person.household_id] = person.removed_on
        else:
            has_resident.add(person.household_id)
        first = earliest.get(person.household_id)
        if first is None or person.became_resident_on < first:
            earliest[person.household_id] = person.became_resident_on
        if len(rows) >= BATCH:
            PersonVersion.objects.bulk_create(rows)
            rows = []
    PersonVersion.objects.bulk_create(rows)
    versions = []
    for household in households.values():
        start = earliest.get(household.pk, timezone.localdate(household.created))
        common = {
            "household_id": household.pk,
            "movement_id": movement.pk,
            "recorded_at": now,
            "town_area_id": household.town_area_id,
            "banchi": household.banchi,
            "katagaki": household.katagaki,
        }
        ended = None
        if household.pk not in has_resident and household.pk in last_removal:
            ended = max(last_removal[household.pk], start)
        if ended is None or ended > start:
            versions.append(HouseholdVersion(valid_from=start, **common))
        if ended is not None:
            versions.append(HouseholdVersion(valid_from=ended, dissolved=True, **common))
            household.dissolved_on = ended
            household.save(update_fields=["dissolved_on"])
    HouseholdVersion.objects.bulk_create(versions, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("residents", "0002_history")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
