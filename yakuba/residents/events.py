"""Events the residents module sends (Django signals, sent after commit).

``movement_recorded``
    A 異動 (change event) was recorded and committed.  Keyword arguments:

    * ``movement_id`` (int) — the recorded movement;
    * ``kind`` (str) — one of :data:`MOVEMENT_KINDS`;
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

movement_recorded = Signal()
