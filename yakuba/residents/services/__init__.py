"""Every write of the residents module (one package; import names from here).

* town areas — :mod:`.town_areas`;
* people as they stand, the bulk load, wipe, citizen links — :mod:`.people`;
* the 異動 services (転入, 転出, 出生, 死亡, 氏名変更) — :mod:`.movements`, 転居 — :mod:`.moves`;
* 世帯変更 (head and 続柄, 世帯分離, 世帯合併) — :mod:`.households`;
* 職権修正 — :mod:`.corrections`;
* full states from another system (imports, sync) — :mod:`.states`.

A staff ``actor`` needs the 市民課 operator role and a purpose of the 住民基本台帳
file; each write leaves one access record per person (action ``create`` or
``update``).  ``actor=None`` is the system (an import, the demo loader): not an
access by staff, nothing is recorded.  See docs/modules/residents.md.
"""

from .common import Address, full_address
from .corrections import CORRECTABLE_FIELDS, correct_household_address, correct_person
from .households import join_household, record_household_change, split_household
from .movements import (
    record_birth,
    record_death,
    record_move_in,
    record_move_out,
    record_name_change,
)
from .moves import record_move_within
from .people import (
    PERSON_FIELDS,
    NewHousehold,
    NewPerson,
    PersonNotFoundError,
    PopulationCounts,
    add_person,
    bulk_create_population,
    create_household,
    link_citizen,
    wipe_register,
)
from .recorder import PERSON_RECORD_KIND
from .states import PersonState, apply_person_states
from .town_areas import TOWN_AREA_CSV, TownAreaRow, import_town_areas, read_town_area_csv

__all__ = [
    "CORRECTABLE_FIELDS",
    "PERSON_FIELDS",
    "PERSON_RECORD_KIND",
    "TOWN_AREA_CSV",
    "Address",
    "NewHousehold",
    "NewPerson",
    "PersonNotFoundError",
    "PersonState",
    "PopulationCounts",
    "TownAreaRow",
    "add_person",
    "apply_person_states",
    "bulk_create_population",
    "correct_household_address",
    "correct_person",
    "create_household",
    "full_address",
    "import_town_areas",
    "join_household",
    "link_citizen",
    "read_town_area_csv",
    "record_birth",
    "record_death",
    "record_household_change",
    "record_move_in",
    "record_move_out",
    "record_move_within",
    "record_name_change",
    "split_household",
    "wipe_register",
]
