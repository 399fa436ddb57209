"""The monthly lottery (抽選): the published procedure, limits, validation and fairness.

Plain Python, no database. The fairness tests draw over fixed seeds, so they are
deterministic; their thresholds (p < 1e-6) are set so that they would practically never
fail by chance with other seeds either.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import random
from collections import Counter

import pytest

from yakuba.facilities.lottery import (
    Application,
    Limits,
    Slot,
    Win,
    draw,
    lottery_order,
    new_seed,
    seed_commitment,
)

P_THRESHOLD = 1e-6


def chi2_sf(statistic: float, df: int) -> float:
    """Survival function of the chi-square distribution for an odd number of degrees of
    freedom (closed form, so the test needs no scipy)."""
    assert df % 2 == 1
    x = statistic
    total = math.erfc(math.sqrt(x / 2))
    term, series = 1.0, 0.0
    for k in range((df - 1) // 2):
        series += term
        term *= x / (2 * k + 3)
    return total + math.sqrt(2 * x / math.pi) * math.exp(-x / 2) * series


def chi2_p(counts: list[int]) -> float:
    """p-value of the chi-square goodness-of-fit test against equal probabilities."""
    expected = sum(counts) / len(counts)
    statistic = sum((c - expected) ** 2 / expected for c in counts)
    return chi2_sf(statistic, len(counts) - 1)


def test_chi2_helper_matches_known_quantiles():
    assert chi2_sf(7.814727903, 3) == pytest.approx(0.05, rel=1e-6)
    assert chi2_sf(30.66405, 3) == pytest.approx(1e-6, rel=1e-3)
    assert chi2_sf(11.0704977, 5) == pytest.approx(0.05, rel=1e-6)


def one_slot(applicants: list[str]) -> tuple[list[Slot], list[Application]]:
    return [Slot("hall/1")], [Application(a, None, ("hall/1",)) for a in applicants]


def random_instance(rng: random.Random, applications=2000, slots=300, groups=150):
    slot_list = [Slot(f"fac-{i % 12}/2027-02-{i:04d}", rng.randint(1, 3)) for i in range(slots)]
    keys = [s.key for s in slot_list]
    apps = [
        Application(
            f"resident-{i}",
            f"group-{rng.randrange(groups)}" if rng.random() < 0.6 else None,
            tuple(rng.sample(keys, rng.randint(1, 4))),
        )
        for i in range(applications)
    ]
    return slot_list, apps


def facility(key: str) -> str:
    return key.split("/")[0]


# --- the published procedure ------------------------------------------------------------


def test_order_is_the_documented_hmac_sort():
    seed = new_seed()
    applicants = [f"A-{i:03d}" for i in range(200)] + ["山田 花子", "団体-01"]
    expected = sorted(
        applicants,
        key=lambda a: hmac.new(seed.encode(), a.encode(), hashlib.sha256).hexdigest(),
    )
    assert lottery_order(seed, applicants) == expected
    slots, apps = one_slot(applicants)
    assert list(draw(slots, apps, seed).order) == expected


def test_known_answer():
    """Pinned: the published procedure must never change silently. Check with
    ``printf %s A-002 | openssl dgst -sha256 -hmac yakuba-2027-02``."""
    applicants = ["A-001", "A-002", "A-003", "A-004", "A-005", "山田"]
    slots, apps = one_slot(applicants)
    result = draw(slots, apps, "yakuba-2027-02")
    assert result.order == ("A-002", "山田", "A-004", "A-003", "A-001", "A-005")
    assert result.winners == {"hall/1": ("A-002",)}
    assert result.seed == "yakuba-2027-02"


def test_ties_in_the_key_are_broken_by_applicant_id(monkeypatch):
    monkeypatch.setattr(hmac, "digest", lambda key, msg, digest: b"\0" * 32)
    slots, apps = one_slot(["c", "a", "b"])
    result = draw(slots, apps, "s")
    assert result.order == ("a", "b", "c")
    assert result.winners == {"hall/1": ("a",)}
    with pytest.raises(ValueError, match="duplicate applicant 'b'"):
        draw(slots, [*apps, Application("b", None, ("hall/1",))], "s")


# --- reproducibility ---------------------------------------------------------------------


def test_same_seed_and_input_give_the_same_result_in_any_input_order():
    rng = random.Random(5)
    slots, apps = random_instance(rng)
    limits = Limits(
        max_wins_per_applicant=2,
        max_wins_per_group=4,
        max_wins_per_facility_per_applicant=1,
        facility_of=facility,
    )
    first = draw(slots, apps, "seed-5", limits)
    rng.shuffle(slots)
    rng.shuffle(apps)
    second = draw(slots, apps, "seed-5", limits)
    assert second == first
    assert list(second.winners) == list(first.winners)
    assert list(second.outcomes) == list(first.outcomes)
    assert draw(iter(slots), iter(apps), "seed-5", limits) == first


def test_different_seeds_give_different_orders():
    applicants = [f"A-{i}" for i in range(20)]
    slots, apps = one_slot(applicants)
    orders = {draw(slots, apps, f"seed-{i}").order for i in range(100)}
    assert len(orders) == 100
    a, b = new_seed(), new_seed()
    assert draw(slots, apps, a).order != draw(slots, apps, b).order


def test_seed_commitment_is_the_sha256_of_the_seed():
    assert seed_commitment("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_new_seed_is_fresh_hex():
    seeds = {new_seed() for _ in range(100)}
    assert len(seeds) == 100
    for seed in seeds:
        assert len(seed) == 32
        int(seed, 16)


# --- allocation rules --------------------------------------------------------------------


def test_lottery_order_decides_within_a_round():
    applicants = [f"A-{i}" for i in range(10)]
    result = draw([Slot("hall/1", 3)], [Application(a, None, ("hall/1",)) for a in applicants], "x")
    assert result.winners["hall/1"] == result.order[:3]
    for applicant, outcome in result.outcomes.items():
        assert outcome.won == (outcome.position <= 3)
        assert outcome.applicant == applicant


def test_first_wishes_come_before_anyone_second_wish():
    slots = [Slot("A"), Slot("S")]
    apps = [
        Application("x", None, ("A", "S")),
        Application("w", None, ("A",)),
        Application("y", None, ("S",)),
    ]
    for i in range(50):
        result = draw(slots, apps, f"seed-{i}")
        assert result.winners["S"] == ("y",)
        assert result.outcomes["y"].wins == (Win("S", 1),)
        assert result.outcomes["x"].won != result.outcomes["w"].won


def test_outcome_reports_slot_and_rank():
    slots = [Slot("A"), Slot("B"), Slot("C")]
    apps = [Application("p", None, ("A", "B")), Application("q", None, ("A", "C"))]
    result = draw(slots, apps, "seed")
    first, second = (result.outcomes[a] for a in result.order)
    assert (first.slot, first.rank, first.position) == ("A", 1, 1)
    assert second.rank == 2 and second.slot in {"B", "C"} and second.position == 2
    assert result.free_capacity(slots) == {
        "A": 0,
        "B": int(second.slot != "B"),
        "C": int(second.slot != "C"),
    }
    only_a = [Application(a.applicant, None, ("A",)) for a in apps]
    lost = draw([Slot("A")], only_a, "seed").outcomes[result.order[1]]
    assert (lost.won, lost.slot, lost.rank, lost.wins) == (False, None, None, ())


def test_outcomes_is_a_read_only_mapping_in_lottery_order():
    slots, apps = one_slot(["p", "q", "r"])
    result = draw(slots, apps, "seed")
    outcomes = result.outcomes
    assert list(outcomes) == list(result.order) and len(outcomes) == 3
    assert "p" in outcomes and "nobody" not in outcomes
    with pytest.raises(KeyError):
        outcomes["nobody"]
    assert [o.position for o in outcomes.values()] == [1, 2, 3]
    assert dict(outcomes) == {a: outcomes[a] for a in "pqr"}
    assert "3 applications, 1 with a win" in repr(outcomes)


def test_no_applications_leaves_every_slot_free():
    result = draw([Slot("A", 2), Slot("B")], [], "seed")
    assert result.winners == {"A": (), "B": ()}
    assert result.order == () and result.outcomes == {}


@pytest.mark.parametrize(
    "limits",
    [
        Limits(),
        Limits(max_wins_per_applicant=None),
        Limits(max_wins_per_applicant=2, max_wins_per_group=3),
        Limits(
            max_wins_per_applicant=3,
            max_wins_per_group=5,
            max_wins_per_facility_per_applicant=1,
            facility_of=facility,
        ),
    ],
)
def test_capacities_and_limits_are_respected(limits):
    for round_ in range(3):
        rng = random.Random(round_)
        slots, apps = random_instance(rng)
        result = draw(slots, apps, f"limits-{round_}", limits)
        capacity = {s.key: s.capacity for s in slots}
        by_applicant = {a.applicant: a for a in apps}
        group_wins: Counter[str] = Counter()
        for key, winners in result.winners.items():
            assert len(winners) <= capacity[key]
            assert len(set(winners)) == len(winners)
        for applicant, outcome in result.outcomes.items():
            application = by_applicant[applicant]
            if limits.max_wins_per_applicant is not None:
                assert len(outcome.wins) <= limits.max_wins_per_applicant
            for win in outcome.wins:
                assert application.wishes[win.rank - 1] == win.slot
                assert applicant in result.winners[win.slot]
            if application.group is not None:
                group_wins[application.group] += len(outcome.wins)
            if limits.max_wins_per_facility_per_applicant is not None:
                per_facility = Counter(facility(w.slot) for w in outcome.wins)
                assert max(per_facility.values(), default=0) <= (
                    limits.max_wins_per_facility_per_applicant
                )
            assert [w.rank for w in outcome.wins] == sorted(w.rank for w in outcome.wins)
        if limits.max_wins_per_group is not None:
            assert max(group_wins.values()) <= limits.max_wins_per_group
        assert sum(len(w) for w in result.winners.values()) == sum(
            len(o.wins) for o in result.outcomes.values()
        )


def test_higher_wishes_are_preferred_and_nothing_wanted_stays_free():
    """Without group or facility limits: whoever got a k-th wish found every better wish
    full, and whoever lost found every wish full."""
    for round_ in range(5):
        rng = random.Random(100 + round_)
        slots, apps = random_instance(rng, applications=1500, slots=400)
        result = draw(slots, apps, f"prefer-{round_}")
        capacity = {s.key: s.capacity for s in slots}
        full = {key for key, winners in result.winners.items() if len(winners) == capacity[key]}
        for application in apps:
            outcome = result.outcomes[application.applicant]
            better = application.wishes[: outcome.rank - 1] if outcome.won else application.wishes
            assert set(better) <= full
        assert any(o.rank and o.rank > 1 for o in result.outcomes.values())
        assert any(not o.won for o in result.outcomes.values())


def test_a_free_slot_wished_by_someone_who_lost_it_was_blocked_by_a_limit():
    limits = Limits(
        max_wins_per_applicant=2,
        max_wins_per_group=2,
        max_wins_per_facility_per_applicant=1,
        facility_of=facility,
    )
    rng = random.Random(7)
    slots, apps = random_instance(rng, applications=1500, slots=600, groups=300)
    result = draw(slots, apps, "blocked", limits)
    capacity = {s.key: s.capacity for s in slots}
    group_wins: Counter[str] = Counter()
    for application in apps:
        if application.group is not None:
            group_wins[application.group] += len(result.outcomes[application.applicant].wins)
    for application in apps:
        outcome = result.outcomes[application.applicant]
        won = {w.slot for w in outcome.wins}
        facilities = Counter(facility(s) for s in won)
        for wish in application.wishes:
            if wish in won or len(result.winners[wish]) == capacity[wish]:
                continue
            assert (
                len(outcome.wins) == 2
                or (application.group is not None and group_wins[application.group] == 2)
                or facilities[facility(wish)] == 1
            )


def test_limits_applied_exactly():
    slots = [Slot(f"f{f}/{i}") for f in range(2) for i in range(5)]
    keys = [s.key for s in slots]
    apps = [Application("solo", None, tuple(keys))] + [
        Application(f"member-{i}", "club", (keys[i], keys[i + 5])) for i in range(5)
    ]
    result = draw(slots, apps, "exact", Limits(max_wins_per_applicant=None, max_wins_per_group=3))
    assert sum(len(result.outcomes[f"member-{i}"].wins) for i in range(5)) == 3
    result = draw(
        slots,
        apps[:1],
        "exact",
        Limits(
            max_wins_per_applicant=3,
            max_wins_per_facility_per_applicant=2,
            facility_of=facility,
        ),
    )
    assert [w.slot for w in result.outcomes["solo"].wins] == ["f0/0", "f0/1", "f1/0"]
    assert [w.rank for w in result.outcomes["solo"].wins] == [1, 2, 6]


# --- invalid input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slots", "apps", "seed", "limits", "message"),
    [
        ([Slot("A")], [Application("p", None, ("B",))], "s", None, "unknown slot key 'B'"),
        (
            [Slot("A"), Slot("B")],
            [Application("p", None, ("A", "C"))],
            "s",
            None,
            "applicant 'p': unknown slot key 'C'",
        ),
        (
            [Slot("A")],
            [Application("p", None, ("A",)), Application("p", "g", ("A",))],
            "s",
            None,
            "duplicate applicant 'p'",
        ),
        ([Slot("A")], [Application("p", None, ())], "s", None, "applicant 'p': wishes must"),
        (
            [Slot("A"), Slot("B")],
            [Application("p", None, ("A", "B", "A"))],
            "s",
            None,
            "the same slot is wished more than once",
        ),
        (
            [Slot("A")],
            [Application("p", None, ("A", "A"))],
            "s",
            None,
            "the same slot is wished more than once",
        ),
        (
            [Slot("A")],
            [Application("p", None, ("Z", "A"))],
            "s",
            None,
            "unknown slot key 'Z'",
        ),
        ([Slot("A")], [Application("p", None, ["A"])], "s", None, "wishes must be"),
        ([Slot("A")], [Application("", None, ("A",))], "s", None, "applicant id must"),
        ([Slot("A"), Slot("A")], [], "s", None, "duplicate slot key 'A'"),
        ([Slot("A", 0)], [], "s", None, "capacity must be a positive integer"),
        ([Slot("A")], [], "", None, "seed must be a non-empty string"),
        ([Slot("A")], [], "s", Limits(max_wins_per_applicant=0), "max_wins_per_applicant"),
        ([Slot("A")], [], "s", Limits(max_wins_per_group=-1), "max_wins_per_group"),
        (
            [Slot("A")],
            [],
            "s",
            Limits(max_wins_per_facility_per_applicant=1),
            "needs facility_of",
        ),
    ],
)
def test_invalid_input_raises_a_clear_value_error(slots, apps, seed, limits, message):
    with pytest.raises(ValueError, match=message):
        draw(slots, apps, seed, limits)


# --- statistical fairness ----------------------------------------------------------------

DRAWS = 2000


def test_each_of_four_applicants_wins_a_quarter():
    applicants = ["A-001", "A-002", "A-003", "A-004"]
    slots, apps = one_slot(applicants)
    wins = Counter(draw(slots, apps, f"fairness-{i}").winners["hall/1"][0] for i in range(DRAWS))
    counts = [wins[a] for a in applicants]
    assert chi2_p(counts) > P_THRESHOLD, counts
    for count in counts:  # 25 % ± 4 points (about 4.1 standard deviations)
        assert abs(count / DRAWS - 0.25) < 0.04, counts


def test_position_in_the_list_gives_no_advantage():
    applicants = ["A-001", "A-002", "A-003", "A-004"]
    by_position = [0, 0, 0, 0]
    for i in range(DRAWS):
        listed = applicants[:]
        random.Random(i).shuffle(listed)
        slots, apps = one_slot(listed)
        winner = draw(slots, apps, new_seed()).winners["hall/1"][0]
        by_position[listed.index(winner)] += 1
    assert chi2_p(by_position) > P_THRESHOLD, by_position
    assert abs(by_position[0] / DRAWS - 0.25) < 0.04, by_position


def test_two_slots_six_applicants_each_wins_a_third():
    """Two rounds: everyone wants A first, then B. Each applicant wins one slot in 1/3."""
    applicants = [f"A-{i}" for i in range(6)]
    apps = [Application(a, None, ("A", "B")) for a in applicants]
    slots = [Slot("A"), Slot("B")]
    wins: Counter[str] = Counter()
    first_wish: Counter[str] = Counter()
    for i in range(DRAWS):
        result = draw(slots, apps, f"two-slots-{i}")
        wins.update(result.winners["A"] + result.winners["B"])
        first_wish.update(result.winners["A"])
    assert chi2_p([wins[a] for a in applicants]) > P_THRESHOLD, wins
    assert chi2_p([first_wish[a] for a in applicants]) > P_THRESHOLD, first_wish
