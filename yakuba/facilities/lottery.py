"""Monthly facility lottery (抽選): the published allocation procedure.

This module is plain Python without the database: the booking code hands it the bookable
units and the applications of one lottery and stores the :class:`Result`. The procedure
below is what the city publishes with the result, so that anyone holding the seed and the
list of applications can re-run the draw and obtain exactly the same allocation.

Published procedure
===================

Input
    * The **slots**: bookable units, each with a key (e.g. ``hall-A/2027-02-03/午前``) and a
      capacity (how many applicants can win it, usually 1). Keys are unique.
    * The **applications**: one per applicant (the applicant id is unique), with an optional
      group (団体) and 1 or more **wishes**: distinct slot keys ranked from the most wanted
      (rank 1) downwards.
    * The **limits**: at most ``max_wins_per_applicant`` wins per applicant (default 1); at
      most ``max_wins_per_group`` wins per group, counting every application that names the
      group (no limit if unset; applications without a group are not group-limited); at most
      ``max_wins_per_facility_per_applicant`` wins per applicant in one facility, where the
      facility of a slot is given by ``facility_of(slot key)`` (no limit if unset).
    * The **seed**: a text, generated at random before the draw (:func:`new_seed`, 32
      hexadecimal digits) and published after it. So that nobody can suspect the seed was
      picked after looking at the applications, the city can publish its SHA-256 hash
      (:func:`seed_commitment`) when the application period closes, before the draw;
      anyone can then check the published seed against it.

Step 1 — lottery order
    For every applicant compute the sort key
    ``HMAC-SHA256(key = seed encoded as UTF-8, message = applicant id encoded as UTF-8)``,
    32 bytes. Sort the applicants by this key, comparing the bytes (equivalently: the
    lowercase hexadecimal digests as text) in ascending order; ties, which practically do
    not occur, are broken by the applicant id (ascending, by Unicode code points). The
    result is the **lottery order**; it does not depend on the order in which the
    applications were listed or received, and nobody can predict or steer it without the
    seed. In Python::

        sorted(ids, key=lambda a: (hmac.digest(seed.encode(), a.encode(), "sha256"), a))

    or in a shell, one applicant at a time, then sort the hexadecimal digests::

        printf %s "$applicant" | openssl dgst -sha256 -hmac "$seed"

Step 2 — rounds by wish rank
    For rank r = 1, 2, 3, … up to the longest wish list: go through the applicants in
    lottery order; an applicant who has an r-th wish **wins** that slot if, at that moment,
    the slot still has free capacity and the win keeps the applicant, their group and
    (applicant, facility of the slot) within the limits. Otherwise that wish is lost. Each
    win takes one unit of capacity and counts towards the limits at once.

    So everyone's 1st wishes are served before anyone's 2nd wish, and within a round the
    lottery order decides. Since capacities only fill up and the win counts only grow, a
    wish that was lost stays lost: nobody obtains a lower-ranked wish while a
    higher-ranked wish of theirs was still available to them.

Output
    Per slot, its winners in the order they won; per application, the wins with the rank
    of the wish obtained (no wins = lost); the lottery order; the seed.

Slots nobody won remain for the first-come period (先着順), which is not part of the draw.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "Application",
    "Limits",
    "Outcome",
    "Outcomes",
    "Result",
    "Slot",
    "Win",
    "draw",
    "lottery_key",
    "lottery_order",
    "new_seed",
    "seed_commitment",
]

SEED_BYTES = 16


@dataclass(frozen=True, slots=True)
class Slot:
    """A bookable unit of the lottery, e.g. ``hall-A/2027-02-03/午前``."""

    key: str
    capacity: int = 1


@dataclass(frozen=True, slots=True)
class Application:
    """One applicant's ranked wishes (slot keys, first = most wanted)."""

    applicant: str
    group: str | None
    wishes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Limits:
    """Win limits of one lottery. ``None`` means no limit."""

    max_wins_per_applicant: int | None = 1
    max_wins_per_group: int | None = None
    max_wins_per_facility_per_applicant: int | None = None
    facility_of: Callable[[str], str] | None = None


class Win(NamedTuple):
    """One slot won, with the rank of the wish (1 = first wish)."""

    slot: str
    rank: int


class Outcome(NamedTuple):
    """What one application obtained: its wins in the order they were drawn (none = lost)."""

    applicant: str
    position: int  # 1-based place in the lottery order
    wins: tuple[Win, ...] = ()

    @property
    def won(self) -> bool:
        return bool(self.wins)

    @property
    def slot(self) -> str | None:
        """The best-ranked slot won, or ``None`` when the application lost."""
        return self.wins[0].slot if self.wins else None

    @property
    def rank(self) -> int | None:
        """Rank of the best wish obtained, or ``None`` when the application lost."""
        return self.wins[0].rank if self.wins else None


class Outcomes(Mapping[str, Outcome]):
    """Applicant id → :class:`Outcome`, in lottery order. A view over the compact result of
    :func:`draw`: each :class:`Outcome` is made when it is read, so a draw does not
    allocate one object per losing application."""

    __slots__ = ("_position", "_wins")

    def __init__(self, position: dict[str, int], wins: dict[str, tuple[Win, ...]]) -> None:
        self._position = position
        self._wins = wins

    def __getitem__(self, applicant: str) -> Outcome:
        return Outcome(applicant, self._position[applicant], self._wins.get(applicant, ()))

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)

    def __contains__(self, applicant: object) -> bool:
        return applicant in self._position

    def __repr__(self) -> str:
        return f"<Outcomes of {len(self)} applications, {len(self._wins)} with a win>"


@dataclass(frozen=True)
class Result:
    """The allocation: ``winners`` by slot key (every slot, sorted by key; a slot nobody won
    has an empty tuple), ``outcomes`` by applicant (a read-only mapping in lottery order),
    the lottery ``order`` (applicant ids) and the ``seed`` to publish."""

    seed: str
    order: tuple[str, ...]
    winners: dict[str, tuple[str, ...]] = field(repr=False)
    outcomes: Mapping[str, Outcome] = field(repr=False)

    def free_capacity(self, slots: Iterable[Slot]) -> dict[str, int]:
        """Capacity left per slot key after the draw (for the first-come period)."""
        return {slot.key: slot.capacity - len(self.winners.get(slot.key, ())) for slot in slots}


def new_seed() -> str:
    """A fresh random seed (32 hex digits) from :mod:`secrets`; publish it after the draw."""
    return secrets.token_hex(SEED_BYTES)


def seed_commitment(seed: str) -> str:
    """SHA-256 of the seed (UTF-8), hexadecimal: publish before the draw, the seed after."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def lottery_key(seed: str, applicant: str) -> bytes:
    """The published sort key: HMAC-SHA256 of the applicant id, keyed by the seed (UTF-8)."""
    return hmac.digest(seed.encode("utf-8"), applicant.encode("utf-8"), "sha256")


def lottery_order(seed: str, applicants: Iterable[str]) -> list[str]:
    """Applicant ids in lottery order (step 1 of the published procedure)."""
    seed_bytes = seed.encode("utf-8")
    digest = hmac.digest
    keyed = [(digest(seed_bytes, a.encode("utf-8"), "sha256"), a) for a in applicants]
    keyed.sort()
    return [a for _, a in keyed]


def _check_limit(name: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer or None, not {value!r}")


def _check_seed_and_limits(seed: str, limits: Limits) -> None:
    if not isinstance(seed, str) or not seed:
        raise ValueError("the seed must be a non-empty string")
    _check_limit("max_wins_per_applicant", limits.max_wins_per_applicant)
    _check_limit("max_wins_per_group", limits.max_wins_per_group)
    _check_limit("max_wins_per_facility_per_applicant", limits.max_wins_per_facility_per_applicant)
    if limits.max_wins_per_facility_per_applicant is not None and limits.facility_of is None:
        raise ValueError("max_wins_per_facility_per_applicant needs facility_of")


def _capacities(slots: Iterable[Slot]) -> dict[str, int]:
    capacity: dict[str, int] = {}
    for slot in slots:
        key, c = slot.key, slot.capacity
        if not isinstance(key, str) or not key:
            raise ValueError(f"slot key must be a non-empty string, not {key!r}")
        if isinstance(c, bool) or not isinstance(c, int) or c < 1:
            raise ValueError(f"slot {key!r}: capacity must be a positive integer, not {c!r}")
        if key in capacity:
            raise ValueError(f"duplicate slot key {key!r}")
        capacity[key] = c
    return capacity


def _invalid_application(application: Application, capacity: dict[str, int]) -> ValueError:
    """The clear error for an application that failed the fast checks in :func:`draw`."""
    applicant = application.applicant
    if not isinstance(applicant, str) or not applicant:
        return ValueError(f"applicant id must be a non-empty string, not {applicant!r}")
    wishes = application.wishes
    if not isinstance(wishes, tuple) or not wishes:
        return ValueError(f"applicant {applicant!r}: wishes must be a non-empty tuple of slot keys")
    for wish in wishes:
        if wish not in capacity:
            return ValueError(f"applicant {applicant!r}: unknown slot key {wish!r}")
    return ValueError(f"applicant {applicant!r}: the same slot is wished more than once")


def draw(
    slots: Iterable[Slot],
    applications: Iterable[Application],
    seed: str,
    limits: Limits | None = None,
) -> Result:
    """Run the published procedure (module docstring). Raises ``ValueError`` on invalid input:
    an unknown slot key, a duplicate applicant or slot key, an empty or repeated wish, a
    capacity or limit that is not a positive integer, an empty seed."""
    limits = limits or Limits()
    _check_seed_and_limits(seed, limits)
    capacity = _capacities(slots)
    known = capacity.keys()

    # Validate the applications and compute their lottery keys in one pass. The keys are
    # HMAC-SHA256 digests; two different applicants with the same digest (a SHA-256
    # collision) would go to ``collided`` and be ordered by the tie-break of step 1.
    seed_bytes = seed.encode("utf-8")
    digest = hmac.digest
    keyed: dict[bytes, Application] = {}
    collided: list[tuple[bytes, Application]] = []
    for application in applications:
        applicant = application.applicant
        wishes = application.wishes
        if not isinstance(applicant, str) or not applicant or type(wishes) is not tuple:
            raise _invalid_application(application, capacity)
        count = len(wishes)
        if count == 1:
            if wishes[0] not in capacity:
                raise _invalid_application(application, capacity)
        elif count == 2:
            first, second = wishes
            if first == second or first not in capacity or second not in capacity:
                raise _invalid_application(application, capacity)
        else:
            distinct = set(wishes)
            if not count or len(distinct) != count or not known >= distinct:
                raise _invalid_application(application, capacity)
        key = digest(seed_bytes, applicant.encode("utf-8"), "sha256")
        other = keyed.setdefault(key, application)
        if other is not application:
            if other.applicant == applicant or any(a.applicant == applicant for _, a in collided):
                raise ValueError(f"duplicate applicant {applicant!r}")
            collided.append((key, application))

    if collided:  # practically never: full sort with the tie-break on the applicant id
        pairs = [*keyed.items(), *collided]
        pairs.sort(key=lambda pair: (pair[0], pair[1].applicant))
        ordered = [application for _, application in pairs]
    else:
        ordered = [keyed[key] for key in sorted(keyed)]

    # Step 2: rounds by wish rank. ``active`` holds, in lottery order, the applications that
    # have a wish of the current rank and have not reached the per-applicant limit.
    max_applicant = limits.max_wins_per_applicant
    max_group = limits.max_wins_per_group
    max_facility = limits.max_wins_per_facility_per_applicant
    facility: dict[str, str] | None = None
    if max_facility is not None:
        facility_of = limits.facility_of
        assert facility_of is not None
        facility = {key: facility_of(key) for key in capacity}

    free = dict(capacity)
    winners: dict[str, list[str]] = {}
    won: dict[str, list[Win]] = {}
    group_wins: dict[str, int] = {}
    facility_wins: dict[tuple[str, str], int] = {}
    new_win = tuple.__new__  # Win(slot, rank) without the NamedTuple call overhead

    active = ordered
    index = 0
    while active:
        rank = index + 1
        following: list[Application] = []
        keep = following.append
        for application in active:
            wishes = application.wishes
            key = wishes[index]
            if free[key]:
                group = application.group
                applicant = application.applicant
                if max_group is not None and group is not None:
                    if group_wins.get(group, 0) >= max_group:
                        if len(wishes) > rank:
                            keep(application)
                        continue
                if facility is not None:
                    place = (applicant, facility[key])
                    if facility_wins.get(place, 0) >= max_facility:  # type: ignore[operator]
                        if len(wishes) > rank:
                            keep(application)
                        continue
                    facility_wins[place] = facility_wins.get(place, 0) + 1
                if group is not None:
                    group_wins[group] = group_wins.get(group, 0) + 1
                free[key] -= 1
                if key in winners:
                    winners[key].append(applicant)
                else:
                    winners[key] = [applicant]
                mine = won.get(applicant)
                if mine is None:
                    mine = won[applicant] = []
                mine.append(new_win(Win, (key, rank)))
                if max_applicant is not None and len(mine) >= max_applicant:
                    continue
            if len(wishes) > rank:
                keep(application)
        active = following
        index = rank

    order = [application.applicant for application in ordered]
    return Result(
        seed=seed,
        order=tuple(order),
        winners={key: tuple(winners.get(key, ())) for key in sorted(capacity)},
        outcomes=Outcomes(
            dict(zip(order, range(1, len(order) + 1), strict=True)),
            {applicant: tuple(mine) for applicant, mine in won.items()},
        ),
    )
