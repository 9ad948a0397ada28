"""The stable key of every rubriek: what jwgen's code uses instead of a position.

Keys come from the rubriek's Vektis element code (``data/element_keys.json``), so the
same data element has the same key in every record and every standard (``bsn`` in
02, 04, 06, 16 and 17 of JW321 and of GZ321). Three rules cover the rest:

* an INDICATIE DEBET/CREDIT right after an amount is that amount's sign:
  ``dc_`` + the amount's key (``dc_declaratiebedrag``);
* a second RESERVE in one record is the retour block's: ``reserve_retour``;
* anything else gets the snake_case of its BER name; a key already taken in the
  record gets the rubriek id appended.

>>> slug("VOORLETTERS VERZEKERDE")
'voorletters_verzekerde'
>>> slug("PATIENT(IDENTIFICATIE)NUMMER")
'patient_identificatie_nummer'
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any, Sequence

DATA = resources.files("jwgen.spec") / "data"


@lru_cache(maxsize=1)
def element_keys() -> dict[str, str]:
    return json.loads((DATA / "element_keys.json").read_text(encoding="utf-8"))["keys"]


def slug(name: str) -> str:
    """snake_case ASCII of a BER name."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")


def assign_keys(rows: Sequence[Any]) -> list[str]:
    """One unique key per rubriek of one record, in order (rows have name, element_code and id)."""
    table = element_keys()
    keys: list[str] = []
    previous_amount: str | None = None
    for row in rows:
        code = row.element_code[:6]
        if row.name.startswith("INDICATIE DEBET/CREDIT") and previous_amount:
            key = f"dc_{previous_amount}"
        elif code == "TEC007" and "reserve" in keys:
            key = "reserve_retour"
        else:
            key = table.get(code) or slug(row.name)
        if key in keys:
            key = f"{key}_{row.id}"
        previous_amount = key if code.startswith("BED") else None
        keys.append(key)
    return keys
