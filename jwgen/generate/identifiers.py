"""Dutch identifiers drawn from a ``random.Random``: BSN, AGB, postcode, IBAN, numbering.

Every function is pure: the same generator state gives the same value, on any
machine and under any ``PYTHONHASHSEED``. python-stdnum is the oracle in the
tests; nothing here depends on it.

>>> import random
>>> rng = random.Random(7)
>>> value = bsn(rng)
>>> len(value), value.isdigit()
(9, True)
>>> is_bsn(value)
True
>>> agb(random.Random(1), "94", praktijk=True)[2]
'0'
"""
from __future__ import annotations

import random

#: Weights of the BSN 11-proef for the first eight digits; the ninth counts -1.
BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)

#: The BSN of a client who has none (STB 5.4.8).
NO_BSN = "999999999"

#: Letter pairs PostNL does not use in postcodes (python-stdnum rejects them).
POSTCODE_EXCLUDED = ("SA", "SD", "SS")

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

#: BIC bank codes of Dutch banks; any of them gives a well-formed Dutch IBAN.
BANK_CODES = ("ABNA", "ASNB", "BUNQ", "INGB", "KNAB", "RABO", "RBRB", "SNSB", "TRIO")


def bsn_checksum(first8: str) -> int:
    """The ninth digit that makes ``first8`` pass the 11-proef; 10 when none does.

    >>> bsn_checksum("11122233")
    3
    """
    return sum(w * int(d) for w, d in zip(BSN_WEIGHTS, first8)) % 11


def is_bsn(value: str) -> bool:
    """True for nine digits (not all zero) that pass the 11-proef.

    >>> is_bsn("111222333"), is_bsn("111222334"), is_bsn("000000000")
    (True, False, False)
    """
    return (len(value) == 9 and value.isascii() and value.isdigit() and value != "000000000"
            and bsn_checksum(value[:8]) == int(value[8]))


def bsn(rng: random.Random) -> str:
    """A BSN drawn uniformly from every nine-digit number that passes the 11-proef.

    The first eight digits are drawn uniformly (leading zeros and repeated digits
    included) and the ninth is computed; an impossible check digit (10) or the
    all-zero number means a fresh draw. Each valid BSN has exactly one first-eight,
    so the result is uniform over the whole valid space (unlike Faker's ``ssn()``,
    which only reaches numbers whose first eight digits are all different).

    >>> bsn(random.Random(3)) == bsn(random.Random(3))
    True
    """
    while True:
        first8 = f"{rng.randrange(100_000_000):08d}"
        check = bsn_checksum(first8)
        if check == 10 or (check == 0 and first8 == "00000000"):
            continue
        return f"{first8}{check}"


def agb(rng: random.Random, soort: str, *, praktijk: bool = False) -> str:
    """An AGB code: 2-digit zorgverlenerssoort plus 6 digits.

    A praktijkcode has a ``0`` in position 3 (Vektis numbering); a personal
    zorgverlenerscode has 1-9 there, so the two kinds never collide.

    >>> code = agb(random.Random(2), "94")
    >>> len(code), code[:2], code[2] != "0"
    (8, '94', True)
    """
    if len(soort) != 2 or not soort.isdigit():
        raise ValueError(f"zorgverlenerssoort must be 2 digits, not {soort!r}")
    if praktijk:
        return f"{soort}0{rng.randrange(100_000):05d}"
    return f"{soort}{rng.randint(1, 9)}{rng.randrange(100_000):05d}"


def postcode(rng: random.Random) -> str:
    """A Dutch postcode ``NNNNAA``: first digit 1-9, no SA/SD/SS.

    >>> code = postcode(random.Random(5))
    >>> len(code), code[:4].isdigit(), code[0] != "0", code[4:].isalpha()
    (6, True, True, True)
    """
    digits = rng.randint(1000, 9999)
    while True:
        letters = rng.choice(_LETTERS) + rng.choice(_LETTERS)
        if letters not in POSTCODE_EXCLUDED:
            return f"{digits}{letters}"


def _iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits (mod 97-10) for a country code and BBAN."""
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return f"{98 - number % 97:02d}"


def iban(rng: random.Random) -> str:
    """A Dutch IBAN (compact, 18 characters) of a real bank code.

    The 10-digit account number also passes the old Dutch bank 11-proef
    (weights 10..1), so stricter checkers accept it too.

    >>> value = iban(random.Random(4))
    >>> len(value), value[:2]
    (18, 'NL')
    """
    bank = rng.choice(BANK_CODES)
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        last = -sum(w * d for w, d in zip(range(10, 1, -1), digits)) % 11
        if last < 10 and any(digits):
            break
    bban = bank + "".join(map(str, digits)) + str(last)
    return f"NL{_iban_check_digits('NL', bban)}{bban}"


def factuurnummer(rng: random.Random, year: int, month: int, length: int) -> str:
    """Invoice number: ``CCYYMM`` of the declaratieperiode plus random digits up to ``length``.

    >>> factuurnummer(random.Random(1), 2017, 3, 12)[:6]
    '201703'
    >>> len(factuurnummer(random.Random(1), 2017, 3, 12))
    12
    """
    prefix = f"{year:04d}{month:02d}"
    if length <= len(prefix):
        raise ValueError(f"a factuurnummer needs more than {len(prefix)} positions, the field has {length}")
    width = length - len(prefix)
    return prefix + f"{rng.randrange(10 ** width):0{width}d}"


def referentienummer(prefix: str, number: int, length: int) -> str:
    """``<prefix>-<number>`` zero-filled to exactly ``length`` characters.

    With the factuurnummer as prefix, numbers are unique within the file and
    across files of different factuurnummers.

    >>> referentienummer("201703123456", 42, 20)
    '201703123456-0000042'
    >>> referentienummer("201703123456", 10 ** 7, 20)
    Traceback (most recent call last):
    ...
    ValueError: referentienummer 10000000 does not fit 7 digits after '201703123456-'
    """
    width = length - len(prefix) - 1
    if width < 1 or number >= 10 ** width:
        raise ValueError(f"referentienummer {number} does not fit {width} digits after {prefix + '-'!r}")
    return f"{prefix}-{number:0{width}d}"
