"""A retour message made from a declaration and another standard's retour blocks.

A Vektis retour message (JW322, GZ322, MZ302, ...) repeats every declaration record as it came and adds a
retour block after it: on the voorlooprecord the receiver's reference, the date and the retourcodes, on a
record with amounts the receiver's amounts, on every other record the retourcodes; its sluitrecord is its
own. A layout that holds only the declaration (``jwgen spec import``, ``jwgen standard add`` without
``--retour``) gets its retour this way, from a template retour message (a built-in standard's).

A record type the template lacks takes the block of a template record of the same sort (one with amounts for
a record with amounts, else one without), its rubriek numbers made its own (0396 on record 03); a declaration
longer or shorter than the template's gets the blocks moved along.

>>> sent = {"record_length": 4, "records": {"01": [{"id": "0101", "key": "k", "start": 1, "length": 4}],
...                                         "99": [{"id": "9901", "key": "k", "start": 1, "length": 4}]}}
>>> template = {"record_length": 6, "records": {
...     "01": [{"id": "0101", "key": "k", "start": 1, "length": 2}, {"id": "0196", "key": "r", "start": 3,
...            "length": 4}], "99": [{"id": "9901", "key": "k", "start": 1, "length": 6}]}}
>>> out = retour_of(sent, template, 2, sluit="99", name="XX302", cod002="")
>>> [(f["id"], f["start"]) for f in out["records"]["01"]], out["record_length"]
([('0101', 1), ('0196', 5)], 8)
"""
from __future__ import annotations

from ._layout import SpecError


def _has_amount(fields: list[dict]) -> bool:
    return any(f.get("kind") == "amount" for f in fields)


def _block(template: dict, template_length: int, rtype: str, fields: list[dict], ends: tuple[str, str]) -> list[dict]:
    """The template's retour block (its fields after ``template_length``) for record ``rtype``; ``ends``: the
    voorloop and sluit record types, whose blocks are never borrowed."""
    records = template["records"]
    source = rtype if rtype in records else next(
        (t for t, group in records.items() if t not in ends and rtype not in ends
         and _has_amount([f for f in group if f["start"] <= template_length]) == _has_amount(fields)), None)
    if source is None:
        raise SpecError(f"record type {rtype} has no retour block in {template.get('standard', 'the template')} "
                        "and no record there is of its sort; give the retour message's BER (--retour)")
    block = [dict(f, id=rtype + str(f["id"])[2:]) for f in records[source] if f["start"] > template_length]
    if source != rtype:
        for f in block:
            f.update(confidence="derived", basis=f"the retour block of record {source} of "
                                                 f"{template.get('standard', 'the template')}, a record of its sort")
    return block


def retour_of(sent: dict, template: dict, template_length: int, sluit: str, name: str, cod002: str) -> dict:
    """The retour message (layout shape) of the declaration ``sent``: its records, each with the block of
    ``template`` (a retour message whose declaration records are ``template_length`` long), and the template's
    sluitrecord; named ``name`` with the message code ``cod002`` (empty: not known, 0102 gets no fixed value)."""
    length = sent["record_length"]
    shift = length - template_length
    voorloop = next(iter(sent["records"]))
    records = {}
    for rtype, fields in sent["records"].items():
        if rtype == sluit:  # the retour's own sluitrecord, not the declaration's with a block
            records[rtype] = _sluit(template, rtype, shift)
            continue
        block = _block(template, template_length, rtype, fields, (voorloop, sluit))
        records[rtype] = [dict(f) for f in fields] + [dict(f, start=f["start"] + shift) for f in block]
        for f in records[rtype]:
            if f["key"] == "code_berichtsoort":  # the retour's own code; none when it is not known
                f.pop("value", None)
                if cod002.isdigit() and len(cod002) == f["length"]:  # one code ("188, 429, 431": no one value)
                    f["value"] = cod002
    return {**{k: v for k, v in template.items() if k != "records"}, "standard": name, "cod002": cod002,
            "record_length": template["record_length"] + shift, "records": records}


def _sluit(template: dict, rtype: str, shift: int) -> list[dict]:
    """The template's retour sluitrecord; its last field (the reserve) takes up a longer or shorter record."""
    if rtype not in template["records"]:
        raise SpecError(f"the sluitrecord {rtype} has no counterpart in {template.get('standard', 'the template')}")
    out = [dict(f) for f in template["records"][rtype]]
    out[-1]["length"] += shift
    if out[-1]["length"] <= 0:
        raise SpecError(f"the retour sluitrecord of {template.get('standard', 'the template')} cannot be made "
                        f"{-shift} positions shorter; give the retour message's BER (--retour)")
    return out
