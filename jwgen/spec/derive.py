"""Derive a standard's layout from official BER exports and a small derivation file.

``derivation.json`` says, as data, how jwgen's JW321/JW322 v2.0 layout follows from
two official Vektis BER exports kept in ``jwgen/spec/sources``:

* the declaration (JW321) is the GZ321 v1.0 BER with a few named changes (message
  code, version, the CBS gemeentecode where GZ321 has the UZOVI-nummer, voorletters
  conditional) and the debiteurrecord inserted from its sibling SB311;
* the retour (JW322) repeats every declaration record in positions 1-310 and adds the
  retour block that MZ302's BER lays out for a record of that kind; its sluitrecord is
  MZ302's retour sluitrecord with a count for every record type JW321 adds.

Every field says where it comes from (``confidence`` and ``basis``).
:func:`derive_layouts` is what ``jwgen spec derive`` runs; a test proves the shipped
``layouts.json`` is exactly its result.

>>> layouts = derive_layouts()
>>> jw321 = layouts["messages"]["JW321"]
>>> [(f["id"], f["key"], f["start"]) for f in jw321["records"]["04"] if f["id"] in ("0404", "0439")]
[('0404', 'gemeentecode', 24), ('0439', 'indicatie_debet_credit', 248)]
>>> layouts["messages"]["JW322"]["records"]["01"][1]["value"]
'435'
"""
from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from ._layout import SpecError, build_message
from .ber import SOURCES, kind_of, import_ber, read_ber
from .keys import DATA

STANDARDS = DATA.parent / "standards"

RETOUR_START = 311  # the first position of the retour block: a retour record repeats 1-310 of its declaration record

CONFIDENCE_SCALE = {
    "official": "a rubriek of an official Vektis BER export, taken as it is",
    "official-template": "a rubriek of the official BER the standard is derived from (GZ321 v1.0 for JW321, MZ302 v1.3 for the retour block), unchanged",
    "official-substitution": "a rubriek of the template BER changed by derivation.json, with the source of the change",
    "sibling": "a record or rubriek from a sibling Vektis standard (the debiteurrecord from SB311)",
    "derived": "laid out by jwgen by analogy with the official records (said in the rubriek's basis)",
}


def _source(name: str, expected: str) -> Any:
    path = SOURCES / name
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise SpecError(f"source {name} has sha256 {actual}, derivation.json expects {expected}")
    return read_ber(path, data)


def load_derivation(standard: str = "JW321") -> dict:
    target = STANDARDS / standard / "derivation.json"
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SpecError(f"derivation file {target} is not readable: {error}") from None


def _by_id(records: dict[str, list[dict]], rubriek: str) -> dict:
    for fields in records.values():
        for f in fields:
            if f["id"] == rubriek:
                return f
    raise SpecError(f"derivation.json names rubriek {rubriek}, which the template BER does not have")


def _relayout(fields: list[dict]) -> None:
    position = 1
    for f in fields:
        f["start"] = position
        position += f["length"]


class _Row:  # kind_of reads attributes
    def __init__(self, f: dict) -> None:
        self.name, self.use, self.pattern = f["name"], f["use"], f.get("pattern", "")
        self.element_code = f.get("element_code", "")


def _declaration(spec: dict) -> dict:
    template = spec["template"]
    ber = _source(template["file"], template["sha256"])
    layout = import_ber(ber)
    records = layout["records"]
    confidence = spec["confidence"]
    for fields in records.values():
        for f in fields:
            f["confidence"] = confidence["template"]
            f["basis"] = f"GZ321 v1.0 BER ({template['file']}) rubriek {f['id']}"
    for change in spec["changes"]:
        for rubriek in change["rubrieken"]:
            f = _by_id(records, rubriek)
            f.update(change["set"])
            if not f.get("element_code"):
                f.pop("element_code", None)
            f["confidence"] = confidence["changed"]
            f["basis"] = f"GZ321 v1.0 BER rubriek {rubriek}, changed for {spec['message']['standard']}: {change['source']}"
    by_element = {k: v for k, v in spec["codelists_by_element"].items() if k != "about"}
    for fields in records.values():
        for f in fields:
            if "codelist" not in f and f.get("element_code") in by_element:
                f["codelist"] = by_element[f["element_code"]]
    for insert in spec["insert"]:
        fields = copy.deepcopy(json.loads((SOURCES / insert["file"]).read_text(encoding="utf-8"))["fields"])
        for f in fields:
            f.setdefault("kind", kind_of(_Row(f)))
            f["confidence"] = confidence["inserted"]
            f["basis"] = f"{insert['source']} ({f.get('basis', '')})".replace(" ()", "")
        ordered = {}
        for rtype, existing in records.items():
            ordered[rtype] = existing
            if rtype == insert["after"]:
                ordered[insert["record"]] = fields
        records = ordered
    for fields in records.values():
        for f in fields:
            f["kind"] = kind_of(_Row(f))
    message = spec["message"]
    return {**message, "record_length": layout["record_length"],
            "source": f"derived by jwgen.spec.derive from {template['file']} (sha256 {template['sha256']}) "
                      "and derivation.json: " + template["what"],
            "confidence": "derived-from-official", "records": records}


def _retour(spec: dict, declaration: dict) -> dict:
    template = spec["template"]
    ber = _source(template["file"], template["sha256"])
    retour = import_ber(ber)["records"]
    confidence = spec["confidence"]
    renames = spec["rename"]

    def renamed(name: str) -> str:
        for old, new in renames:
            name = name.replace(old, new)
        return name

    records: dict[str, list[dict]] = {}
    sluit = spec["sluit"]["record"]
    for rtype, fields in declaration["records"].items():
        if rtype == sluit:
            continue
        block_type = spec["blocks"][rtype]
        block = [copy.deepcopy(f) for f in retour[block_type] if f["start"] >= RETOUR_START]
        derived = block_type != rtype
        for f in block:
            template_id = f["id"]
            f["id"] = rtype[:2] + template_id[2:] if rtype != "98" else template_id
            f["name"] = renamed(f["name"])
            if f.get("codelist") in spec["codelists"]:
                f["codelist"] = spec["codelists"][f["codelist"]]
            f["confidence"] = confidence["derived" if derived else "block"]
            f["basis"] = (f"MZ302 v1.3 BER ({template['file']}) rubriek {template_id}: "
                          f"{spec['blocks_source'][rtype]}")
        records[rtype] = copy.deepcopy(fields) + block
    for rubriek, value in spec["voorloop_values"].items():
        f = _by_id(records, rubriek)
        f["value"] = value
        f["confidence"] = confidence["derived"]
        f["basis"] = f"{f['basis']}; retour value {value}: {spec['voorloop_source']}"
    fields = [copy.deepcopy(f) for f in retour[sluit]]
    record_length = sum(f["length"] for f in fields)
    position = next(i for i, f in enumerate(fields) if f["id"] == spec["sluit"]["insert_after"]) + 1
    fields[position:position] = [{**f, "id": "", "kind": "plain"} for f in spec["sluit"]["insert"]]
    for number, f in enumerate(fields[1:-1], start=2):
        template_id, f["id"] = f["id"], f"{sluit}{number:02d}"
        f["name"] = renamed(f["name"])
        f["confidence"] = confidence["derived"]
        origin = f"MZ302 v1.3 BER ({template['file']}) rubriek {template_id}" if template_id else "jwgen"
        f["basis"] = f"{origin}: {spec['sluit']['source']}"
    reserve = fields[-1]
    reserve["length"] = record_length - sum(f["length"] for f in fields[:-1])
    reserve["confidence"] = confidence["derived"]
    reserve["basis"] = f"MZ302 v1.3 BER rubriek {reserve['id']}, shortened to keep the record length {record_length}"
    _relayout(fields)
    records[sluit] = fields
    return {**spec["message"], "record_length": record_length,
            "source": f"derived by jwgen.spec.derive: the JW321 records (positions 1-310) and the retour blocks "
                      f"of {template['file']} (sha256 {template['sha256']}): " + template["what"],
            "confidence": "derived-from-official", "records": records}


def derive_layouts(standard: str = "JW321", derivation: dict | None = None) -> dict:
    """A standard's layouts.json as its derivation.json makes it from the official sources."""
    derivation = derivation or load_derivation(standard)
    sent = _declaration(derivation["declaration"])
    retour = _retour(derivation["retour"], sent)
    names = sent["standard"], retour["standard"]
    for name, message in zip(names, (sent, retour)):
        build_message(name, message, {})  # the self-checks every layout passes on load
    templates = f"{derivation['declaration']['template']['file']} and {derivation['retour']['template']['file']}"
    return {"label": f"{names[0]}/{names[1]} v{sent['version']}, derived from Vektis's BERs {templates} "
                     "(see jwgen spec)",
            "about": f"{names[0]}/{names[1]} record layouts, derived from official Vektis BER exports by "
                     f"`jwgen spec derive --standard {standard}` (jwgen/spec/derive.py reading "
                     f"jwgen/spec/standards/{standard}/derivation.json and jwgen/spec/sources). Do not edit by "
                     "hand: change derivation.json and run the command again.",
            "confidence_scale": CONFIDENCE_SCALE,
            "messages": {names[0]: sent, names[1]: retour}}


def dumps(layouts: dict) -> str:
    """The stable text of a layouts file (what `jwgen spec derive` and `jwgen spec import` write)."""
    return json.dumps(layouts, ensure_ascii=False, indent=1) + "\n"
