"""The structure of a standard read off its layout and its BER's record names, where the shared one does not fit.

``jwgen/spec/data/structure.json`` describes the record types of the GGZ family (prestatie 04 with its tarief-,
zorgactiviteit- and tijdsbestedingrecords, amounts on the tariefrecord). A standard made from another BER
(MZ301: voorloop 01, verzekerde 02, debiteur 03, prestatie 04 without children, commentaar 98, sluit 99,
amounts on the prestatierecord) needs its own, and most of it is in the BER:

* the role of a record type (voorloop, verzekerde, prestatie, ...): the BER's *Recordnaam*, matched with the
  names structure.json gives each role's record (VERZEKERDENRECORD is the verzekerde);
* what the sluitrecord counts: its rubrieken AANTAL <recordnaam>S (the record type of that name; a type the
  standard lacks keeps the shared number and counts 0);
* where amounts live: the records with a DECLARATIEBEDRAG followed by its INDICATIE DEBET/CREDIT;
* a record's debet/credit field: the shared one where the record has it, else its amount's;
* begin/end date pairs: the shared pairs the record has.

:func:`derive` gives these keys, for standard.json's ``structure``; every other key stays structure.json's
(a default, listed in :data:`SHARED`).

>>> names = {"01": "voorlooprecord", "02": "verzekerdenrecord", "04": "prestatierecord", "99": "sluitrecord"}
>>> shared = {"voorloop": "01", "verzekerde": "02", "prestatie": "04", "sluit": "99", "comment": "98",
...           "debiteur": "03", "prestatie_children": ["06"], "names": {"01": "voorlooprecord",
...           "02": "verzekerdenrecord", "03": "debiteurrecord", "04": "prestatierecord", "06": "tariefrecord",
...           "98": "commentaarrecord", "99": "sluitrecord"}, "dc_field": {"04": "indicatie_debet_credit"},
...           "date_ranges": {"04": ["begindatum_prestatie", "einddatum_prestatie"]}}
>>> layout = {"01": [], "02": [], "04": [{"key": "declaratiebedrag"}, {"key": "dc_declaratiebedrag", "kind": "dc"}],
...           "99": [{"key": "aantal_prestatierecords"}, {"key": "aantal_debiteurrecords"}]}
>>> out = derive(layout, names, shared)
>>> out["prestatie"], out["prestatie_children"], out["debiteur"], out["amount_source"], out["dc_field"]
('04', [], None, {'04': ['declaratiebedrag', 'dc_declaratiebedrag']}, {'04': 'dc_declaratiebedrag'})
>>> out["sluit_counts"], out["date_ranges"], out["prestatie_period"]
({'aantal_prestatierecords': '04', 'aantal_debiteurrecords': '03'}, {}, [])
"""
from __future__ import annotations

from typing import Any, Mapping

ROLES = ("voorloop", "sluit", "comment", "verzekerde", "debiteur", "prestatie")
#: structure.json keys a standard made from a BER keeps as they are (jwgen's defaults, not the BER's).
SHARED = ("identified_by", "max_records", "max_bytes", "link_key", "credit_exempt_fields", "comment_parents",
          "not_checked_by")
AMOUNT = "declaratiebedrag"


def _keys(fields: list[dict]) -> list[str]:
    return [f["key"] for f in fields]


def _counted(key: str, prefix: str, suffix: str) -> str | None:
    """'aantal_verzekerdenrecords_retour' -> 'verzekerdenrecord'."""
    if not key.startswith(prefix) or not key.endswith(suffix):
        return None
    name = key[len(prefix):len(key) - len(suffix) if suffix else None]
    return name[:-1] if name.endswith("s") else name


def sluit_counts(sluit: list[dict], by_name: Mapping[str, str], shared_names: Mapping[str, str],
                 suffix: str = "") -> dict[str, str]:
    """count field -> record type of a sluitrecord's AANTAL ...RECORDS rubrieken (not the detail total)."""
    shared_by_name = {name: rtype for rtype, name in shared_names.items()}
    out = {}
    for key in _keys(sluit):
        name = _counted(key, "aantal_", suffix)
        if name is not None and name.endswith("record"):
            rtype = by_name.get(name) or shared_by_name.get(name)
            if rtype is not None:
                out[key] = rtype
    return out


def derive(records: Mapping[str, list[dict]], names: Mapping[str, str], shared: Mapping[str, Any]) -> dict:
    """The declaration's structure keys from its layout (``records``: record type -> fields) and the BER's record
    names (``names``: record type -> name, lower case)."""
    by_name = {name: rtype for rtype, name in names.items()}
    role = {r: by_name.get(shared["names"].get(shared.get(r) or "", "")) for r in ROLES}
    children = [by_name[shared["names"][t]] for t in shared.get("prestatie_children", [])
                if shared["names"].get(t) in by_name]
    ends = (role["voorloop"], role["sluit"])
    details = [t for t in records if t not in ends]
    amounts = {}
    for rtype in details:
        keys = _keys(records[rtype])
        if AMOUNT in keys:
            after = records[rtype][keys.index(AMOUNT) + 1:]
            dc = next((f["key"] for f in after[:1] if f.get("kind") == "dc"), None)
            if dc is not None:
                amounts[rtype] = [AMOUNT, dc]
    dc_field = {}
    for rtype in details:
        own = shared.get("dc_field", {}).get(rtype)
        if own is not None and own in _keys(records[rtype]):
            dc_field[rtype] = own
        elif rtype in amounts:
            dc_field[rtype] = amounts[rtype][1]
    dates = {rtype: pair for rtype, pair in shared.get("date_ranges", {}).items()
             if rtype in records and all(k in _keys(records[rtype]) for k in pair)}
    period = _period(records.get(role["prestatie"], []), shared.get("prestatie_period", []))
    if role["prestatie"] is not None and period:
        dates.setdefault(role["prestatie"], period)
    sluit = records.get(role["sluit"], [])
    detail_total = next((k for k in _keys(sluit) if k.startswith("totaal_aantal_detailrecords")), None)
    total = [k for k in _keys(sluit) if k.startswith("totaal_declaratiebedrag")][:1]
    total += [k for k in _keys(sluit) if k.startswith("dc_totaal_declaratiebedrag")][:1]
    return {**role, "prestatie_children": children, "detail_types": details, "names": dict(names),
            "sluit_counts": sluit_counts(sluit, by_name, shared["names"]),
            "sluit_detail_total": detail_total, "sluit_amount": total, "amount_source": amounts,
            "dc_field": dc_field, "date_ranges": dates, "prestatie_period": period,
            "amount_source_basis": "the BER: the records with a DECLARATIEBEDRAG followed by its INDICATIE "
                                   "DEBET/CREDIT (jwgen standard add)",
            "dc_field_basis": "the BER: the record's INDICATIE DEBET/CREDIT where structure.json's is in it, else "
                              "its declaratiebedrag's (jwgen standard add)",
            "date_ranges_basis": "structure.json's begin/end pairs that the BER's records have, and the prestatie's "
                                 "period (jwgen standard add)",
            "prestatie_period_basis": "structure.json's pair where the prestatierecord has it, else its date "
                                      "rubrieken named after the prestatie: one date is both begin and end "
                                      "(jwgen standard add)"}


def _period(fields: list[dict], shared: list[str]) -> list[str]:
    """The prestatie's begin and end date fields: the shared pair, else its dates named after the prestatie,
    else its BEGINDATUM and EINDDATUM (the GGZ DBC 181 v1 prestatierecord), else its only date.

    >>> _period([{"key": "begindatum", "kind": "date"}, {"key": "einddatum", "kind": "date"}], ["b", "e"])
    ['begindatum', 'einddatum']
    """
    keys = _keys(fields)
    if shared and all(k in keys for k in shared):
        return list(shared)
    dates = [f["key"] for f in fields if f.get("kind") == "date"]
    own = [k for k in dates if "prestatie" in k]
    if own:
        return [own[0], own[-1]]
    begin = next((k for k in dates if k.startswith("begindatum")), None)
    end = next((k for k in dates if k.startswith("einddatum")), None)
    if begin and end:
        return [begin, end]
    return [dates[0], dates[0]] if len(dates) == 1 else []


def derive_retour(records: Mapping[str, list[dict]], names: Mapping[str, str], shared: Mapping[str, Any],
                  shared_names: Mapping[str, str]) -> dict:
    """The retour message's sluitrecord counts, from its own sluitrecord (``..._retour`` rubrieken)."""
    by_name = {name: rtype for rtype, name in names.items()}
    sluit = records.get(shared["sluit"], [])
    counts = sluit_counts(sluit, by_name, shared_names, suffix="_retour")
    total = next((k for k in _keys(sluit) if k.startswith("totaal_aantal_detailrecords")), None)
    return {"sluit_counts": counts, "sluit_detail_total": total}
