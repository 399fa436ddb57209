"""quote_fee: the fee per kind from the settings, copies 1..MAX_COPIES."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yakuba.certificates.models import MAX_COPIES, CertificateKind
from yakuba.certificates.services.issuance import Quote, quote_fee


@pytest.mark.parametrize("kind", CertificateKind.values)
def test_the_default_fee_is_200_yen_a_copy(kind):
    assert quote_fee(kind, 1) == Quote(unit=200, total=200, copies=1)
    assert quote_fee(kind, MAX_COPIES) == Quote(unit=200, total=2000, copies=10)


def test_fees_come_from_the_settings_per_kind(settings):
    settings.YAKUBA_CERTIFICATE_FEES = {**settings.YAKUBA_CERTIFICATE_FEES, "tax": 300, "seal": 0}
    assert quote_fee("tax", 3) == Quote(unit=300, total=900, copies=3)
    assert quote_fee("seal", 2) == Quote(unit=0, total=0, copies=2)
    assert quote_fee("residence", 2).total == 400


def test_copies_typed_as_text_are_accepted():
    assert quote_fee("residence", " 3 ").copies == 3


@pytest.mark.parametrize("copies", [0, -1, MAX_COPIES + 1, "", "3通", None, 1.5, True])
def test_copies_outside_the_range_are_refused_with_a_message(copies):
    with pytest.raises(ValidationError) as caught:
        quote_fee("residence", copies)
    assert caught.value.message_dict["copies"] == ["通数は1通から10通までで選んでください。"]


def test_an_unknown_kind_is_refused_with_a_message():
    with pytest.raises(ValidationError) as caught:
        quote_fee("passport", 1)
    assert caught.value.message_dict["kind"] == ["証明書の種類を選んでください。"]
