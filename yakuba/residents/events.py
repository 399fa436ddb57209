"""Events the residents module sends (Django signals, sent after commit).

``movement_recorded``
    A 異動 (change event) was recorded and committed.  Keyword arguments:

    * ``movement_id`` (int) — the recorded movement;
    * ``kind`` (str) — one of :data:`MOVEMENT_KINDS`, or :data:`INITIAL` for a
      record taken over from another system one person at a time (the bulk
      load of a whole population, ``bulk_create_population``, sends nothing);
    * ``person_ids`` (list[int]) — every person whose record changed;
    * ``effective_on`` (datetime.date) — the date the change takes effect
      (届出日 or 異動日, not the date it was entered).

    Listeners (My Number card certificates, alerts, …) react in their own
    handlers, e.g. revoking a signing certificate on a change of address.
"""

from __future__ import annotations

from django.dispatch import Signal

MOVE_IN = "move_in"  # 転入
MOVE_OUT = "move_out"  # 転出
MOVE_WITHIN = "move_within"  # 転居
BIRTH = "birth"  # 出生
DEATH = "death"  # 死亡
HOUSEHOLD_CHANGE = "household_change"  # 世帯変更
NAME_CHANGE = "name_change"  # 氏名変更
CORRECTION = "correction"  # 職権修正
#: A record taken over as it stands from elsewhere (migration from the previous
#: system, the first sync, the demo loader): not a change in the resident's life.
#: Not part of :data:`MOVEMENT_KINDS` (the 異動 a clerk records); see
#: :data:`ALL_MOVEMENT_KINDS`.
INITIAL = "initial"  # 初期記載（移行・連携）

MOVEMENT_KINDS = (
    MOVE_IN,
    MOVE_OUT,
    MOVE_WITHIN,
    BIRTH,
    DEATH,
    HOUSEHOLD_CHANGE,
    NAME_CHANGE,
    CORRECTION,
)

#: Every kind a recorded movement can have (``MOVEMENT_KINDS`` plus ``INITIAL``).
ALL_MOVEMENT_KINDS = (*MOVEMENT_KINDS, INITIAL)

movement_recorded = Signal()
