"""The DER codec: encodings as X.690 gives them, and refusal of anything that is not DER."""

from __future__ import annotations

import datetime

import pytest

from yakuba.jpki import der


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, "020100"),
        (127, "02017f"),
        (128, "02020080"),
        (255, "020200ff"),
        (256, "02020100"),
        (-1, "0201ff"),
        (-129, "0202ff7f"),
    ],
)
def test_integer_encodes_in_the_shortest_twos_complement(value, encoded):
    assert der.integer(value).hex() == encoded
    assert der.decode_integer(der.read_one(bytes.fromhex(encoded))) == value


@pytest.mark.parametrize(
    ("dotted", "encoded"),
    [
        ("1.2.840.113549.1.7.2", "06092a864886f70d010702"),
        ("2.16.840.1.101.3.4.2.1", "0609608648016503040201"),
        ("1.2.840.10045.4.3.2", "06082a8648ce3d040302"),
        ("2.999.3", "0603883703"),
    ],
)
def test_object_identifiers_round_trip(dotted, encoded):
    assert der.oid(dotted).hex() == encoded
    assert der.decode_oid(der.read_one(bytes.fromhex(encoded))) == dotted


@pytest.mark.parametrize(("size", "header"), [(127, "047f"), (128, "048180"), (256, "04820100")])
def test_lengths_use_the_short_form_below_128_and_the_minimal_long_form_above(size, header):
    encoded = der.octet_string(b"\x00" * size)

    assert encoded[: len(header) // 2].hex() == header
    assert der.read_one(encoded).content == b"\x00" * size


def test_set_of_sorts_its_elements_by_encoding():
    assert der.set_of(der.integer(2), der.integer(1)).hex() == "3106020101020102"


@pytest.mark.parametrize(
    ("moment", "encoded"),
    [
        (datetime.datetime(2026, 4, 1, 9, 0, 0, tzinfo=datetime.UTC), b"260401090000Z"),
        (datetime.datetime(1999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC), b"991231235959Z"),
    ],
)
def test_times_are_utctime_before_2050(moment, encoded):
    element = der.read_one(der.utc_time(moment))

    assert (element.tag, element.content) == (der.UTC_TIME, encoded)
    assert der.decode_time(element) == moment


def test_times_from_2050_are_generalized_time():
    moment = datetime.datetime(2050, 1, 1, tzinfo=datetime.UTC)
    element = der.read_one(der.utc_time(moment))

    assert (element.tag, element.content) == (der.GENERALIZED_TIME, b"20500101000000Z")
    assert der.decode_time(element) == moment


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("3080020101 0000", "indefinite length"),
        ("048105 0102030405", "shortest form"),
        ("040101 00", "trailing bytes"),
        ("0405 0102", "runs past"),
        ("04", "truncated"),
        ("1f2200", "multi-byte tags"),
    ],
)
def test_decoder_refuses_what_is_not_der(data, message):
    with pytest.raises(der.DerError, match=message):
        der.read_one(bytes.fromhex(data.replace(" ", "")))


@pytest.mark.parametrize("data", ["02020001", "0202ff80", "0200"])
def test_integers_not_in_shortest_form_are_refused(data):
    with pytest.raises(der.DerError):
        der.decode_integer(der.read_one(bytes.fromhex(data)))


def test_children_of_a_sequence_are_read_in_order():
    sequence = der.read_one(der.sequence(der.integer(1), der.oid("1.2.3"), der.null()))

    assert [child.tag for child in sequence.children()] == [
        der.INTEGER,
        der.OBJECT_IDENTIFIER,
        der.NULL,
    ]


def test_nesting_deeper_than_the_limit_is_refused():
    data = der.integer(1)
    for _ in range(der.MAX_DEPTH + 2):
        data = der.sequence(data)
    element = der.read_one(data)

    with pytest.raises(der.DerError, match="nested too deeply"):
        for _ in range(der.MAX_DEPTH + 2):
            element = element.children(depth=_)[0]
