"""Identifiers and text fitting of jwgen.generate, with python-stdnum as the oracle."""
from __future__ import annotations

import random
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from jwgen.generate import identifiers
from jwgen.generate.draw import between, day_between, pick
from jwgen.generate.text import fit, initials, split_surname
from jwgen.spec import load_spec

DRAWS = 20_000
SPEC = load_spec()
VOORVOEGSELS = set(SPEC.codes("NAM040-NEN"))


@pytest.fixture(scope="module")
def bsns() -> list[str]:
    rng = random.Random(2024)
    return [identifiers.bsn(rng) for _ in range(DRAWS)]


def test_every_bsn_passes_stdnum(bsns):
    assert all(stdnum_bsn.is_valid(value) for value in bsns)
    assert all(len(value) == 9 and value.isdigit() for value in bsns)
    assert "000000000" not in bsns


def test_bsn_reaches_numbers_faker_cannot(bsns):
    """Faker's ssn() draws the first 8 digits without repetition; uniform draws mostly repeat one."""
    repeated = [value for value in bsns if len(set(value[:8])) < 8]
    assert len(repeated) / len(bsns) > 0.9  # 1 - 10!/2/10**8 = 98.2 % of the space
    assert any(max(Counter(value[:8]).values()) >= 3 for value in bsns)
    assert any(value.startswith("0") for value in bsns)


def test_faker_ssn_is_the_narrow_subset_we_avoid():
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(1)
    sample = [fake.ssn() for _ in range(2000)]
    assert all(len(set(value[:8])) == 8 for value in sample)


def test_bsn_first_digits_are_uniform(bsns):
    counts = Counter(value[0] for value in bsns)
    assert set(counts) == set("0123456789")
    assert all(0.08 < counts[digit] / len(bsns) < 0.12 for digit in counts)


class _Scripted(random.Random):
    """A Random whose randrange answers from a script first (to hit the redraw paths)."""

    def __init__(self, script: list[int]) -> None:
        super().__init__(0)
        self.script = list(script)

    def randrange(self, *args, **kwargs):  # type: ignore[override]
        return self.script.pop(0) if self.script else super().randrange(*args, **kwargs)


def test_bsn_redraws_all_zeros_and_impossible_check_digit():
    impossible = next(n for n in range(10 ** 8) if identifiers.bsn_checksum(f"{n:08d}") == 10)
    rng = _Scripted([0, impossible, 11122233])
    assert identifiers.bsn(rng) == "111222333"


def test_bsn_is_deterministic():
    assert [identifiers.bsn(random.Random(5)) for _ in range(3)] == [identifiers.bsn(random.Random(5))] * 3


def test_every_postcode_passes_stdnum():
    rng = random.Random(7)
    codes = [identifiers.postcode(rng) for _ in range(DRAWS)]
    assert all(stdnum_postcode.is_valid(code) for code in codes)
    assert all(re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", code) for code in codes)
    assert not {code[4:] for code in codes} & set(identifiers.POSTCODE_EXCLUDED)
    assert len({code[4:] for code in codes}) > 600  # nearly all 673 letter pairs occur


def test_every_iban_passes_stdnum():
    rng = random.Random(11)
    values = [identifiers.iban(rng) for _ in range(5000)]
    assert all(stdnum_iban.is_valid(value) for value in values)
    assert all(value.startswith("NL") and len(value) == 18 for value in values)
    assert {value[4:8] for value in values} == set(identifiers.BANK_CODES)
    for value in values:  # the old Dutch bank 11-proef on the account number
        account = value[8:]
        assert sum(w * int(d) for w, d in zip(range(10, 0, -1), account)) % 11 == 0


def test_agb_codes():
    rng = random.Random(3)
    for _ in range(2000):
        praktijk = identifiers.agb(rng, "94", praktijk=True)
        person = identifiers.agb(rng, "94")
        assert re.fullmatch(r"940[0-9]{5}", praktijk)
        assert re.fullmatch(r"94[1-9][0-9]{5}", person)
    assert identifiers.agb(random.Random(1), "01").startswith("01")
    with pytest.raises(ValueError):
        identifiers.agb(rng, "9")


def test_factuurnummer_and_referentienummer_fit_the_spec():
    fields = SPEC.declaration.records
    length = fields["01"]["factuurnummer_declarant"].length
    number = identifiers.factuurnummer(random.Random(1), 2017, 3, length)
    assert len(number) == length and number.startswith("201703")
    ref_length = fields["04"]["referentienummer"].length
    refs = [identifiers.referentienummer(number, n, ref_length) for n in range(1, 12_001)]
    assert len(set(refs)) == len(refs)
    assert all(len(ref) == ref_length for ref in refs)
    for rtype in ("06", "16", "17"):
        assert fields[rtype]["referentienummer"].length == ref_length


@given(st.text(), st.integers(min_value=1, max_value=40))
@settings(max_examples=300)
def test_fit_never_overflows_nor_leaves_trailing_spaces(text, length):
    result = fit(text, length)
    assert len(result) <= length
    assert result == result.strip()
    assert "  " not in result
    assert fit(result, length) == result


def test_fit_keeps_non_ascii_letters():
    assert fit("Schröder", 25) == "Schröder"
    assert fit("Scho\u0308nberg", 25) == "Schönberg"  # decomposed o + diaeresis becomes one character


def test_split_surname_over_every_faker_last_name():
    from faker.providers.person.nl_NL import Provider

    split = 0
    for name in Provider.last_names:
        achternaam, voorvoegsel = split_surname(name, VOORVOEGSELS)
        assert achternaam and achternaam == achternaam.strip()
        assert voorvoegsel == "" or voorvoegsel in VOORVOEGSELS
        split += bool(voorvoegsel)
        if voorvoegsel:
            assert voorvoegsel not in achternaam.lower().split(" ")[:1]
    assert split > 100  # Faker nl_NL has hundreds of "van ...", "de ..." names


@pytest.mark.parametrize("name, expected", [
    ("van der Veen", ("Veen", "van der")),
    ("Van Bragt", ("Bragt", "van")),
    ("Bourgondië, van", ("Bourgondië", "van")),
    ("de Boer", ("Boer", "de")),
    ("Jansen", ("Jansen", "")),
    ("van", ("van", "")),  # a voorvoegsel alone is a name
])
def test_split_surname_examples(name, expected):
    assert split_surname(name, VOORVOEGSELS) == expected


def test_initials():
    assert initials("Jan", "Pieter") == "JP"
    assert initials("émile") == "É"


def test_fast_draws_stay_in_range():
    rng = random.Random(9)
    from datetime import date

    assert {between(rng, 1, 3) for _ in range(500)} == {1, 2, 3}
    assert {pick(rng, "ab") for _ in range(100)} == {"a", "b"}
    days = {day_between(rng, date(2017, 2, 1), date(2017, 2, 28)) for _ in range(2000)}
    assert min(days) == date(2017, 2, 1) and max(days) == date(2017, 2, 28) and len(days) == 28
