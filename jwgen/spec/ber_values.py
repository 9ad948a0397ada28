"""What a BER says a rubriek holds beyond its row's own columns: values and code lists read off its words.

``jwgen spec import`` keeps a BER row as it is; a standard made from a BER (``jwgen standard add``) also takes
what the BER states elsewhere, the same way for every BER:

* **the message code** of CODE EXTERNE-INTEGRATIEBERICHT (0102): the code the BER names for its message (its
  cover's Code EI-bericht, else 0102's own words "Waarde 195 = declaratie ..."), the value the rubriek holds;
* **a value stated in a sentence**: a condition with a sentence of its own "Waarde '00' vullen." (not one
  that starts with a situation, "Bij ...", nor a conditional "CD:" one) gives the rubriek that value, when it
  has the rubriek's length (GZ321 0104: "Conditie: verplicht vullen als de subversie een waarde 1 of hoger
  heeft, anders '00' vullen (...). Waarde '00' vullen.");
* **the code list of a coded element**: a rubriek whose row names no code list but whose element (Code gegeven)
  is a code list jwgen has (COD061 UZOVI-nummer, COD377 code servicebureau, COD873 ROM J/N), else whose
  Codering bovengeschikt, the coding the element is part of, is one (COD864 zorgverlenerscode 1e
  hoofdbehandelaar: COD009, the AGB zorgverlenerscode). A rubriek whose BER states its one value needs no list.

A text export quotes a condition that holds a quote: the quotes around it are no part of the words.

>>> from jwgen.spec.ber import read_ber, import_ber, SOURCES
>>> ber = read_ber(SOURCES / "195_01.BER.txt")
>>> records = import_ber(ber)["records"]
>>> stated_values(records, ber.cod002)
['0102', '0104']
>>> [(f["id"], f["value"]) for f in records["01"][1:4]]
[('0102', '195'), ('0103', '01'), ('0104', '00')]
>>> lists = element_codelists(records, ber.rows, {"COD009": {}, "COD377": {}, "COD001": {}})
>>> lists["0109"], lists["0110"], lists["0416"], "0101" in lists
('COD377', 'COD009', 'COD009', False)
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

MESSAGE_CODE = "code_berichtsoort"  # rubriek 0102
SENTENCE = re.compile(r"(?:^\"?|(?<=[.:]) ?)(?:CS: )?Waarde '(?P<value>[^']+)' vullen\.?(?= |\"?$)")
CODED = "COD"  # a coded element's code: COD<n>


def _sentence_value(condition: str, length: int) -> str | None:
    """The value a sentence of its own states ("Waarde '00' vullen."), when it has the field's length."""
    text = " ".join(condition.split())
    for found in SENTENCE.finditer(text):
        before = text[:found.start()].rstrip()
        if before.endswith("CD:"):
            continue
        value = found.group("value")
        if len(value) == length:
            return value
    return None


def stated_values(records: Mapping[str, list[dict]], cod002: str) -> list[str]:
    """Give the rubrieken of ``records`` (a layout's, edited in place) the values the BER states for them: the
    message code on 0102, a value stated in a sentence of the condition; the rubrieken given one."""
    given = []
    for fields in records.values():
        for f in fields:
            if f.get("value") is not None:
                continue
            if f["key"] == MESSAGE_CODE and cod002.isdigit() and len(cod002) == f["length"]:
                value = cod002
            else:
                value = _sentence_value(f.get("condition", ""), f["length"])
            if value is not None:
                f["value"] = value
                given.append(f["id"])
    return given


def element_codelists(records: Mapping[str, list[dict]], rows: Iterable[Any],
                      lists: Mapping[str, Any]) -> dict[str, str]:
    """rubriek -> the code list of its coded element, for the rubrieken of ``records`` (edited in place) whose
    row names none and states no value: the element's code, else its Codering bovengeschikt, that ``lists``
    (jwgen's shared code lists) has."""
    by_id = {row.id: row for row in rows}
    given = {}
    for fields in records.values():
        for f in fields:
            row = by_id.get(f["id"])
            if row is None or f.get("codelist") or f.get("value") is not None:
                continue
            for code in (row.element_code, row.codering_bovengeschikt):
                if code.startswith(CODED) and code in lists:
                    f["codelist"] = given[f["id"]] = code
                    break
    return given
