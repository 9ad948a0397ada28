"""What the shared data (``jwgen/spec/data``) means for one standard.

``structure.json`` and ``rules.json`` are written once for every standard. A standard does not have every
record type they name (GZ321 has no debiteurrecord 03), and their texts name the receiver in the standard's
words (a gemeente and its CBS gemeentecode for JW321, a zorgverzekeraar and its UZOVI-nummer for GZ321).
The record types a standard has are those of its layout; the receiver's words are its ``standard.json``
(``receiver.words``). Nothing here names a record type or a receiver.

>>> fit_structure({"debiteur": "03", "detail_types": ["02", "03"], "names": {"02": "a", "03": "b"},
...                "not_checked_by": {"vecozo": ["03"]}, "sluit_counts": {"aantal_debiteurrecords": "03"}},
...               present={"02"}, known={"02", "03"})
{'debiteur': None, 'detail_types': ['02'], 'names': {'02': 'a'}, 'not_checked_by': {'vecozo': []}, \
'sluit_counts': {'aantal_debiteurrecords': '03'}}
>>> fill("Vul {code} in; {Receiver} controleert.", {"code": "het UZOVI-nummer", "receiver": "zorgverzekeraar"})
'Vul het UZOVI-nummer in; Zorgverzekeraar controleert.'
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from ._layout import SpecError

#: The texts of a rule a person reads (the finding in Dutch and English, what to do in both).
TEXT_KEYS = ("nl", "en", "action", "wat_te_doen")
#: Keys of structure.json whose record types are counted, not required: a sluitrecord keeps its count field
#: for a record type the standard does not have (GZ321 9903 AANTAL DEBITEURRECORDS, always 000000).
COUNTED = ("sluit_counts",)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fit_structure(structure: Mapping[str, Any], present: set[str], known: set[str]) -> dict:
    """``structure`` for a standard whose layout has the record types ``present``: a role whose record type
    it lacks is None, lists and tables keep only its record types. ``known``: every record type the data
    names (structure.json's ``names``); any other value is left as it is."""
    def fit(value: Any) -> Any:
        if isinstance(value, str):
            return None if value in known and value not in present else value
        if isinstance(value, list) and value and all(isinstance(v, str) and v in known for v in value):
            return [v for v in value if v in present]
        if isinstance(value, dict) and value and all(k in known for k in value):
            return {k: v for k, v in value.items() if k in present}
        if isinstance(value, dict) and value and all(isinstance(v, list) for v in value.values()):
            return {k: fit(v) if v else v for k, v in value.items()}
        return value

    return {key: value if key in COUNTED else fit(value) for key, value in structure.items()}


def words(standard_words: Mapping[str, str], record_types: list[str]) -> dict[str, str]:
    """The placeholders of the rule texts: the receiver's words of standard.json and the record types."""
    return {**standard_words, "record_types": ", ".join(record_types),
            "record_types_nl": " en ".join([", ".join(record_types[:-1]), record_types[-1]])
            if len(record_types) > 1 else "".join(record_types)}


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced; ``{Name}`` gives the value with a capital first letter."""
    def one(found: re.Match) -> str:
        name = found.group(1)
        value = values.get(name.lower() if name[:1].isupper() and name.lower() in values else name)
        if value is None:
            raise SpecError(f"text {text!r} names {{{name}}}, which the standard does not fill "
                            f"(standard.json receiver.words: {', '.join(sorted(values))})")
        return value[:1].upper() + value[1:] if name[:1].isupper() and name not in values else value
    return _PLACEHOLDER.sub(one, text)


def fit_rules(rules: Mapping[str, dict], present: Mapping[str, Any], values: Mapping[str, str],
              structure: Mapping[str, Any] | None = None,
              asked: Mapping[str, set[str]] | None = None) -> dict[str, dict]:
    """The rules for a standard: the record types it has (``present``: record type -> its field keys) whose
    records hold the fields the rule ``reads`` (MZ301's prestatierecord has no tijdseenheden); for a rule that
    reads a table of the structure per record type (``per``: ``date_ranges``, ``dc_field``), those the table
    names (ZH308's tariefrecord has no begin/end pair); for a rule about the records that carry the amounts (``on``:
    ``amount``), those (structure ``amount_source``: the GGZ tariefrecord, MZ301's prestatierecord); for a rule
    that checks a BER condition (``asked``:
    ``ledger``), those on which the standard's condition ledger asks it (``asked``: rule -> record types; a
    GGZ rule does not run on a standard whose BER does not state its condition). Their texts in its words.

    >>> fit_rules({"r": {"records": ["04", "06"], "per": "date_ranges"}}, {"04": {}, "06": {}}, {},
    ...           {"date_ranges": {"04": ["b", "e"]}})["r"]["records"]
    ['04']
    >>> fit_rules({"r": {"records": ["04", "06"], "asked": "ledger"}}, {"04": {}, "06": {}}, {}, {},
    ...           {"r": {"06"}})["r"]["records"]
    ['06']
    >>> fit_rules({"r": {"records": ["06"], "on": "amount"}}, {"04": {}}, {}, {"amount_source": {"04": []}})["r"]
    {'records': ['04'], 'on': 'amount'}
    """
    out = {}
    amounts = list((structure or {}).get("amount_source") or {})
    for rule_id, rule in rules.items():
        reads = rule.get("reads", ())
        table = (structure or {}).get(rule["per"], {}) if "per" in rule else None
        by_ledger = (asked or {}).get(rule_id, set()) if rule.get("asked") == "ledger" else None
        named = amounts if rule.get("on") == "amount" and structure is not None else rule["records"]
        fitted = {**rule, "records": [rtype for rtype in named
                                      if rtype in present and all(key in present[rtype] for key in reads)
                                      and (table is None or rtype in table)
                                      and (by_ledger is None or rtype in by_ledger)]}
        if len(fitted["records"]) < len(rule["records"]):  # what the rule names that this standard has not
            fitted["not_here"] = [rtype for rtype in rule["records"] if rtype not in fitted["records"]]
        for key in TEXT_KEYS:
            if key in rule:
                fitted[key] = fill(rule[key], values)
        out[rule_id] = fitted
    return out
