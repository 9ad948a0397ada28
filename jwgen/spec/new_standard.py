"""A standard's folder made from a BER alone (``jwgen standard add``).

From a Vektis BER export of a declaration message (and, when given, of its retour message) this makes the
files of a standard folder, as jwgen reads them (:mod:`jwgen.spec.standard_folders`):

* ``layouts.json``: the declaration as :func:`jwgen.spec.ber.import_ber` reads it; the retour message from its
  own BER (``--retour``: MZ302 for MZ301), else the declaration's records with the retour blocks of the
  built-in standard whose receiver it shares (:mod:`jwgen.spec.retour_blocks`), named and numbered by Vektis's
  custom (the declaration's code + 1: MZ301/176 -> MZ302/177);
* ``conditions.json``: the ledger the BER's own words give (:func:`jwgen.spec.condition_phrases.derive`);
* ``codelists.json``: every code list the BER names that jwgen's shared list lacks, checked for shape only,
  and the message codes the shared COD002-VEKT lacks;
* ``standard.json``: name, title, version and messages from the BER; the record types' roles, the sluitrecord's
  counts and totals and where amounts live from its record names and rubrieken (``structure``,
  :mod:`jwgen.spec.layout_structure`); the receiver, its profiles, words and retourcode lists, and the character
  set from the built-in standard whose receiver field (UZOVI-nummer, gemeentecode) the voorlooprecord holds;
  ``made`` records which is which (``derived`` from the BER, ``defaults`` chosen by jwgen, to edit by hand);
* ``manifest.json``: jwgen's manifest (what ``--force`` may replace) with every file's sha256, so that
  ``jwgen standards`` can say which files were edited since.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ..errors import JwgenError
from ._layout import build_message
from .ber import Ber, import_ber
from .ber_values import element_codelists, stated_values
from .condition_phrases import derive as derive_conditions
from .derive import CONFIDENCE_SCALE, dumps
from .layout_structure import SHARED, derive, derive_retour
from .retour_blocks import retour_of
from . import standard_folders

NAME = re.compile(r"^[A-Z][A-Z0-9_-]{0,31}$")
MESSAGE_CODE = "code_berichtsoort"  # rubriek 0102, whose code list is COD002-VEKT
#: What a standard made from a BER takes from the built-in standard whose receiver it shares (jwgen's defaults).
FROM_TEMPLATE = ("profiles", "receiver", "retourcode_lists", "retourcode_lists_basis")


def _read(path: Any) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def standard_name(ber: Ber, name: str | None, what: str = "a standard") -> str:
    """The standard's name: ``name`` (--name), else the BER's Standaardcode, else COD002-<code>; upper case.
    (Whether a built-in standard's name may be written where it is going is :func:`check_place`'s to say.)"""
    chosen = (name or ber.standard or (f"COD002-{ber.cod002}" if ber.cod002 else "")).strip().upper()
    if not NAME.match(chosen):
        raise JwgenError(f"{chosen or 'the BER'!s} is no name for {what} (letters, digits, - and _, starting "
                         f"with a letter); give one with --{'name' if what == 'a standard' else 'message'}")
    return chosen


def check_place(name: str, root: Any) -> None:
    """A standard with a built-in standard's name is written only into a folder jwgen does not read standards
    from (``jwgen standard add --out`` elsewhere, to compare it with the built-in one; ``jwgen standard rebuild``):
    in the user's folder it would shadow the built-in one, which jwgen refuses."""
    if not standard_folders.is_builtin(name):
        return
    if standard_folders.read_here(root):
        raise JwgenError(f"{name} is a built-in standard; give the new one another name with --name (or write it "
                         "with --out to a folder jwgen does not read standards from, to compare)")


def _template(voorloop: list[dict]) -> str:
    """The hand-made built-in standard whose receiver field the voorlooprecord holds (its defaults are taken);
    never one made from a BER itself, so that what a BER gives does not depend on the other built-ins."""
    keys = {f["key"] for f in voorloop}
    for name in standard_folders.handmade_names():
        if _read(standard_folders.BUILTIN / name / "standard.json")["receiver"]["key"] in keys:
            return name
    raise JwgenError("the BER's voorlooprecord has no receiver field jwgen knows (uzovi_nummer as GZ321, "
                     "gemeentecode as JW321); jwgen standard add cannot choose a receiver for it yet")


#: The voorlooprecord's rubrieken that say the message's version (0103, 0104), each with the part of the BER's
#: Versie it holds ("1.3": versie 01, subversie 03) when the BER's words give it no value of its own.
VERSION_FIELDS = {"versienummer": 0, "subversienummer": 1}
#: "Waarde 181 = declaratie DBC-zorg GGZ" in rubriek 0102's words: the message's name.
TITLE_WORDS = re.compile(r"[Ww]aarde\s+'?\d{3}'?\s*=\s*(.+?)\s*$")


def ber_title(ber: Ber) -> str:
    """The message's name: the BER's Standaardnaam/-bericht, else what its rubriek 0102 says the code means."""
    if ber.title:
        return ber.title
    row = next((r for r in ber.rows if r.id == "0102"), None)
    found = TITLE_WORDS.search(row.condition.strip()) if row is not None else None
    return found.group(1)[:1].upper() + found.group(1)[1:] if found else ""


def message_codes(cod002: str) -> list[str]:
    """The message codes a BER names ("106, 120": AP304 is sent as farmaceutische hulp or hulpmiddelen)."""
    return [code.strip() for code in cod002.split(",") if code.strip()]


def _versions(message: dict, version: str) -> list[str]:
    """Fill the version rubrieken of ``message``'s voorlooprecord from the BER's Versie; the rubrieken filled."""
    parts = version.split(".")
    if not all(p.isdigit() for p in parts):
        return []
    filled = []
    for f in next(iter(message["records"].values())):
        at = VERSION_FIELDS.get(f["key"])
        if at is not None and f.get("value") is None and f["type"] == "N":
            f["value"] = f"{int(parts[at]) if at < len(parts) else 0:0{f['length']}d}"
            filled.append(f["id"])
    return filled


def _stated(message: dict, ber: Ber, shared_codelists: dict) -> dict[str, list[str]]:
    """Give ``message``'s rubrieken what the BER states for them elsewhere (:mod:`jwgen.spec.ber_values`)."""
    rows = [r for r in ber.rows if not ber.standard or not r.standard or r.standard == ber.standard]
    return {"values": stated_values(message["records"], ber.cod002),
            "codelists": sorted(element_codelists(message["records"], rows, shared_codelists))}


def _version_of(message: dict) -> str:
    """The version the voorlooprecord's versie and subversie values say (01, 00: 1.0), for a BER whose export
    names none (the text export)."""
    voorloop = {f["key"]: f.get("value") for f in next(iter(message["records"].values()))}
    parts = [voorloop.get(key) for key in VERSION_FIELDS]
    return ".".join(str(int(p)) for p in parts) if all(p and p.isdigit() for p in parts) else ""


def _next_message(declaration: str, cod002: str) -> tuple[str, str]:
    """Vektis's custom: the retour message's name and code follow the declaration's (MZ301/176 -> MZ302/177;
    each code of a BER that names several: AW319 187, 428, 430 -> 188, 429, 431)."""
    found = re.match(r"^(.*?)(\d+)$", declaration)
    name = f"{found.group(1)}{int(found.group(2)) + 1:0{len(found.group(2))}d}" if found else f"{declaration}-RETOUR"
    codes = message_codes(cod002)
    return name, ", ".join(f"{int(code) + 1:03d}" for code in codes) if all(c.isdigit() for c in codes) else ""


def _codelists(messages: dict, shared: dict, codes: dict[str, str]) -> dict:
    """The standard's own code lists: those its layouts name that the shared file lacks (shape only), and the
    message codes COD002-VEKT lacks."""
    own: dict[str, dict] = {}
    for message in messages.values():
        for fields in message["records"].values():
            for f in fields:
                name = f.get("codelist")
                if not name or name in shared or name in own:
                    continue
                own[name] = {"name": " ".join(f["name"].split()).capitalize(), "closed": False,
                             "basis": f"named by the BER ({message['standard']} rubriek {f['id']}); its values are "
                                      "not in jwgen's shared codelists.json: checked for shape only (a default of "
                                      "jwgen standard add; enumerate it here to check it)"}
    lists = {}
    for message in messages.values():
        voorloop = next(iter(message["records"].values()))
        field = next((f for f in voorloop if f["key"] == MESSAGE_CODE), None)
        if field is None or not field.get("codelist") or field["codelist"] not in shared:
            continue
        missing = {code: title for code, title in codes.items()
                   if code and code not in shared[field["codelist"]].get("values", {})}
        if missing and isinstance(shared[field["codelist"]].get("values"), dict):
            lists[field["codelist"]] = {"add": missing, "basis": "the message codes of this standard's BERs"}
    return {**lists, **own}


def build(ber: Ber, retour_ber: Ber | None = None, name: str | None = None,
          message: str | None = None) -> dict[str, dict]:
    """The files of the standard folder (file name -> JSON data) made from ``ber`` (and ``retour_ber``); the
    standard is named ``name`` (else the BER's Standaardcode), its declaration message ``message`` (else the
    BER's Standaardcode, else the standard's name)."""
    name = standard_name(ber, name)
    sent_name = standard_name(ber, message or ber.standard or name, "a message")
    sent = import_ber(ber, ber.standard or None, ber_title(ber) or None)
    sent["standard"] = sent_name
    shared_codelists = _read(standard_folders.BUILTIN.parent / "data" / "codelists.json")["lists"]
    stated = _stated(sent, ber, shared_codelists)
    versions = _versions(sent, ber.version)
    if not sent.get("version"):
        sent["version"] = _version_of(sent)
    version = sent["version"]
    records = sent["records"]
    record_names = {}
    for row in ber.rows:
        record_names.setdefault(row.rtype, " ".join(row.record_name.split()).lower())
    template = _template(next(iter(records.values())))
    template_folder = standard_folders.BUILTIN / template
    template_standard = _read(template_folder / "standard.json")
    template_layouts = _read(template_folder / "layouts.json")["messages"]
    shared = _read(standard_folders.BUILTIN.parent / "data" / "structure.json")
    structure = derive(records, record_names, shared["declaration"])
    if structure["prestatie"] is None or structure["verzekerde"] is None:
        raise JwgenError(f"{ber.source}: no record type is named VERZEKERDENRECORD and PRESTATIERECORD; jwgen "
                         "cannot tell the records' roles from this BER yet")
    sluit = structure["sluit"]
    if retour_ber is not None:
        retour = import_ber(retour_ber, retour_ber.standard or None, retour_ber.title or None)
        retour_name = (retour_ber.standard or _next_message(sent_name, ber.cod002)[0]).upper()
        retour["standard"] = retour_name
        _stated(retour, retour_ber, shared_codelists)
        _versions(retour, retour_ber.version)
        if set(retour["records"]) != set(records):
            raise JwgenError(f"{retour_ber.source} has the record types {' '.join(retour['records'])}, "
                             f"{ber.source} {' '.join(records)}: not its retour message")
        retour_basis = f"its own BER {retour_ber.source}"
    else:
        retour_name, retour_code = _next_message(sent_name, ber.cod002)
        own = template_layouts[template_standard["retour"]]
        retour = retour_of(sent, own, template_layouts[template_standard["declaration"]]["record_length"], sluit,
                           retour_name, retour_code)
        retour["name"] = f"Retourinformatie {sent.get('name', sent_name)}"
        retour["version"] = sent.get("version", "")
        retour["source"] = (f"{sent['source']}; retour blocks of the built-in {template_standard['retour']} "
                            f"(jwgen standard add, without --retour)")
        retour_basis = (f"the declaration's records with the retour blocks of the built-in "
                        f"{template_standard['retour']}; name and code {retour_name}/{retour_code} by Vektis's "
                        "custom (the declaration's + 1)")
    retour_names = dict(record_names)
    retour_structure = derive_retour(retour["records"], retour_names, shared["retour"],
                                     shared["declaration"]["names"])
    messages = {sent_name: sent, retour_name: retour}
    codes = {code: message["standard"] for message in (sent, retour)
             for code in message.get("cod002", "").replace(",", " ").split()}
    codelists = _codelists(messages, shared_codelists, codes)
    built = build_message(sent_name, sent, {})
    conditions = derive_conditions(built)
    source = {"ber": ber.source, "sha256": ber.sha256}
    if retour_ber is not None:
        source.update(retour_ber=retour_ber.source, retour_sha256=retour_ber.sha256)
    standard = {
        "about": f"{name}: made by `jwgen standard add` from the BER {ber.source}"
                 + (f" and {retour_ber.source}" if retour_ber is not None else "")
                 + ". 'made' says what came from the BER (derived) and what jwgen chose (defaults, taken from the "
                   f"built-in {template}); edit any file of this folder by hand: jwgen reads it as it is.",
        "name": name,
        "title": sent.get("name", name),
        "version": version,
        "declaration": sent_name,
        "retour": retour_name,
        "encoding": template_standard["encoding"],
        **{key: template_standard[key] for key in FROM_TEMPLATE if key in template_standard},
        "structure": {"declaration": structure, "retour": retour_structure},
        "made": {
            "by": "jwgen standard add",
            "source": source,
            "template": template,
            "derived": {
                "name": "--name" if name != (ber.standard or "").upper() else "the BER's Standaardcode",
                **({"message": "--message"} if message and sent_name != (ber.standard or "").upper() else {}),
                "title": "the BER's Standaardnaam/-bericht" if ber.title else "the words of the BER's rubriek 0102",
                "version": ("the BER's Versie" + (f", which also gives rubriek{'en' if len(versions) > 1 else ''} "
                                                  f"{' and '.join(versions)} "
                                                  f"{'their' if len(versions) > 1 else 'its'} value" if versions
                                                  else "")) if ber.version else
                           ("the values the BER states for the voorlooprecord's versie and subversie (its export "
                            "names no Versie)" if version else "none: the BER names no Versie"),
                "layouts.json": f"{sent_name} (COD002 {sent.get('cod002', '?')}): the BER {ber.source} as "
                                f"jwgen spec import reads it, with the values its words state (rubrieken "
                                f"{', '.join(stated['values']) or 'none'}) and the code lists of its coded elements "
                                f"(rubrieken {', '.join(stated['codelists']) or 'none'}; ber_values); "
                                f"{retour_name}: {retour_basis}",
                "structure": "standard.json's structure: record roles from the BER's record names, the sluitrecord's counts and totals from "
                             "its rubrieken, amounts from DECLARATIEBEDRAG and its debet/credit (layout_structure)",
                "conditions.json": "the BER's Constraints/condities, by jwgen's condition phrases "
                              "(condition_phrases.json); a condition none recognises is not-checkable",
                "codelists.json": "the code lists the BER names; those jwgen's shared list lacks are checked for "
                             "shape only",
            },
            "defaults": {
                "receiver": f"the built-in {template}'s (its receiver field {template_standard['receiver']['key']} "
                            "is in the voorlooprecord): profile, name, reference prefix, code list, default code "
                            "and the words of the rule texts",
                "profiles": f"the built-in {template}'s",
                "retourcode_lists": f"the built-in {template}'s",
                "encoding": f"the built-in {template}'s character set and position counting",
                "structure": "structure.json's " + ", ".join(SHARED) + " (the shared ones)",
                "rules": "jwgen's shared rules.json for the record types the standard has",
            },
        },
    }
    layouts = {"label": f"{name}, made by jwgen standard add from {ber.source}",
               "about": f"The layouts of {name}: {sent_name} from {ber.source}; {retour_name} from {retour_basis}.",
               "confidence_scale": CONFIDENCE_SCALE, "messages": messages}
    return {
        "standard.json": standard,
        "layouts.json": layouts,
        "conditions.json": {"about": f"The condition ledger of {name} from its BER's words alone (jwgen spec "
                                     "conditions --ber); classify a rubriek by hand by editing its entry.",
                            "conditions": conditions},
        "codelists.json": {"about": f"{name}'s own code lists over jwgen's shared codelists.json "
                                    "(jwgen.spec.standard_codelists).", "lists": codelists},
    }


def file_bytes(files: dict[str, dict]) -> dict[str, bytes]:
    """The folder's files as bytes, with ``manifest.json`` (jwgen's, naming each file and its sha256)."""
    out = {name: dumps(data).encode("utf-8") for name, data in files.items()}
    manifest = {"tool": "jwgen", "made_by": "jwgen standard add",
                "files": [{"path": name, "sha256": hashlib.sha256(data).hexdigest()}
                          for name, data in sorted(out.items())]}
    return {**out, "manifest.json": dumps(manifest).encode("utf-8")}
