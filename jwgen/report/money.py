"""One money format and one date format for everything a person reads.

Amounts are eurocent integers inside jwgen (signed: debet positive, credit negative);
a person always sees euros, Dutch style, with the D/C of the standard after them:

>>> money(2132750), money(-2132750), money(5), money(0)
('€ 21.327,50 D', '€ 21.327,50 C', '€ 0,05 D', '€ 0,00')
>>> money(12345, "C"), money(12345, dc=None, signed=False)
('€ 123,45 C', '€ 123,45')
>>> dutch_date(date(2017, 3, 31)), dutch_date(None), dutch_date("2017-03-31")
('31-03-2017', '', '31-03-2017')

Zero has no D/C (it is neither); an amount without a D/C field of its own (a tarief)
is shown with ``signed=False``. Eurocent values are never shown raw.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["as_date", "dutch_date", "euros", "money", "money_or_blank"]


def _grouped(cents: int) -> str:
    whole, rest = divmod(abs(cents), 100)
    return f"{whole:,}".replace(",", ".") + f",{rest:02d}"


def money(cents: int, dc: str | None = None, signed: bool = True) -> str:
    """``€ 21.327,50 D``: eurocent as Dutch euros with D (debet) or C (credit).

    ``dc`` given: ``cents`` is the unsigned amount of a record field and ``dc`` its indicator
    (shown as found when it is not D or C). Otherwise the sign of ``cents`` gives D or C.
    ``signed=False``: no D/C at all (an amount that has no indicator, like a tarief).
    """
    text = f"€ {_grouped(cents)}"
    if not signed:
        return f"-{text}" if cents < 0 else text
    if dc is not None:
        indicator = str(dc).strip() or "?"
        return f"{text} {indicator}" if cents or indicator not in ("D", "C") else text
    if cents == 0:
        return text
    return f"{text} {'C' if cents < 0 else 'D'}"


def money_or_blank(cents: Any, missing: str = "") -> str:
    """:func:`money` of a signed eurocent value; ``missing`` for None (no amount on this record).

    >>> money_or_blank(-500), money_or_blank(None), money_or_blank(None, "–")
    ('€ 5,00 C', '', '–')
    """
    if cents is None or isinstance(cents, bool):
        return missing
    try:
        return money(int(cents))
    except (TypeError, ValueError):
        return str(cents)


def euros(cents: int) -> Decimal:
    """Signed eurocent as an exact euro number (for spreadsheets): 2132750 -> Decimal('21327.50')."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def as_date(value: Any) -> date | None:
    """A date from a date, an ISO text or CCYYMMDD; None when it is not one."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for candidate in (text, f"{text[:4]}-{text[4:6]}-{text[6:8]}" if len(text) == 8 and text.isdigit() else ""):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def dutch_date(value: Any) -> str:
    """dd-mm-jjjj, the way a Dutch back office writes a date; '' when there is none."""
    day = as_date(value)
    return day.strftime("%d-%m-%Y") if day else ("" if value in (None, "") else str(value))
