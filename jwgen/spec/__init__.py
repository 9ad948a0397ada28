"""The standard as data: layouts, code lists, retourcodes, structure and control rules.

Everything that knows a position, a length, a code or a count reads it from here. A standard
(JW321 v2.0, GZ321 v1.0) is a folder of data in ``jwgen/spec/standards/NAME`` (a user's, made by ``jwgen
standard add``, in ``$JWGEN_STANDARDS`` or ``./jwgen-standards``: :mod:`jwgen.spec.standard_folders`): its
``standard.json`` (message names, receiver, profiles, retourcode lists), its ``layouts.json``
(derived from official Vektis BER exports by its ``derivation.json``, :mod:`jwgen.spec.derive`).
Code lists, retourcodes, rules, structure and element keys are shared (``jwgen/spec/data``).

A user who owns an official BER imports it (``jwgen spec import``, :mod:`jwgen.spec.ber`) and points
jwgen at the result with ``load_spec(layout_path)`` or ``--layout FILE``; a file with only the
declaration gets the standard's built-in retour blocks. The spec checks itself on load and refuses
inconsistent data with a :class:`SpecError`.

>>> spec = load_spec()
>>> spec.declaration.name, spec.declaration.record_length, spec.retour.record_length
('JW321', 310, 370)
>>> spec.declaration.records["02"]["bsn"].start
15
>>> spec.retourcode("0804")["meaning"]
'Lengte record is onjuist.'
>>> load_spec(standard="GZ321").retourcode("0018")["meaning"]
'UZOVI-nummer ontbreekt of is onjuist (voorlooprecord).'
"""
from __future__ import annotations

import json
import re
from types import MappingProxyType
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from ..errors import JwgenError
from ._layout import KENMERK_LENGTH, Field, MessageLayout, RecordLayout, SpecError, build_message, record_type
from .conditions import Ledger, build_ledger
from .per_standard import fit_rules, fit_structure, words
from .retour_blocks import retour_of
from . import identity, standard_codelists, standard_folders
from .encoding import BOM, BYTES, CHARACTERS, ENCODINGS, POSITIONS, TextForm, encoding_name, positions_name

__all__ = ["BOM", "BYTES", "CHARACTERS", "ENCODINGS", "POSITIONS", "TextForm", "encoding_name", "positions_name",
           "Field", "MessageLayout", "RecordLayout", "Spec", "SpecError", "Standard", "active_layout", "all_profiles",
           "detect_standard", "identifies", "message_of", "load_folder", "load_spec", "record_type", "KENMERK_LENGTH", "standard_names",
           "use_layout", "DATA", "STANDARDS"]

DATA = resources.files("jwgen.spec") / "data"
STANDARDS = resources.files("jwgen.spec") / "standards"
DEFAULT_STANDARD = "JW321"


def _read_json(path: Any, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"{what} not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise SpecError(f"{what} {path} is not readable JSON: {error}") from None


@dataclass(frozen=True)
class Standard:
    """What makes a standard this one (its ``standard.json``)."""

    name: str
    title: str
    version: str
    declaration: str  # message names: JW321 / JW322, GZ321 / GZ322
    retour: str
    profiles: Mapping[str, str]  # profile name -> role (jwgen.domain.RECEIVER or VECOZO)
    receiver: Mapping[str, str]  # profile, name, key (the field naming it), reference_prefix, codelist, default_code
    retourcode_lists: tuple[str, ...]
    folder: str
    retourcode_meanings: Mapping[str, str] = None  # the standard's own reading of a code, where it differs
    encoding: TextForm = TextForm()  # the character set the standard names and how its positions are counted
    encoding_basis: str = ""  # where that comes from (the STB's paragraph, or jwgen's choice)
    extension: str = ".txt"  # the file extension a declaration is offered with (checked by VECOZO)
    structure: Mapping[str, Mapping] = None  # its own structure (declaration, retour) over the shared
    made: Mapping[str, Any] = None  # a standard made from a BER: source, derived, defaults

    def written(self, encoding: str | None = None) -> TextForm:
        """The form of a file written in ``encoding`` (None: the standard's): the standard's own, or another
        encoding counting positions as a writer of it does (UTF-8: characters; a single-byte set: bytes)."""
        if encoding is None or encoding_name(encoding) == self.encoding.encoding:
            return self.encoding
        return TextForm.of(encoding)

    def reading(self, encoding: str | None = None, positions: str | None = None) -> TextForm:
        """How a receiver reads: in ``encoding`` counting ``positions``, each the standard's unless given (so a
        GZ321 receiver asked to read UTF-8 still counts one byte per position)."""
        chosen = encoding_name(encoding) if encoding is not None else self.encoding.encoding
        return TextForm(chosen, positions_name(positions) if positions is not None else self.encoding.positions)

    @property
    def receiver_profile(self) -> str:
        return self.receiver["profile"]

    def profile(self, name: str) -> str:
        """A profile name as this standard spells it (case-insensitive); a clear error for any other."""
        wanted = str(name).strip().lower()
        if wanted not in self.profiles:
            raise JwgenError(f"profile {name!r} is not one of {self.name}'s: {', '.join(self.profiles)}")
        return wanted

    def role(self, profile: str) -> str:
        return self.profiles[self.profile(profile)]


def standard_names() -> list[str]:
    """Every standard: the built-in ones, then the user's (:mod:`jwgen.spec.standard_folders`)."""
    return standard_folders.names()


def all_profiles() -> tuple[str, ...]:
    """Every profile name any standard has (gemeente, vecozo, zorgverzekeraar)."""
    return tuple(sorted({name for standard in standard_names() for name in _standard(standard).profiles}))


def _standard(name: str) -> Standard:
    return _standard_at(name, standard_folders.version_key(name))


@lru_cache(maxsize=8)
def _standard_at(name: str, place: tuple[str, int]) -> Standard:
    """The standard ``name`` as its folder ``place`` (the folder, when its standard.json changed) holds it."""
    folder = Path(place[0])
    raw = _read_json(folder / "standard.json", f"{name} standard.json")
    if raw.get("name") != name:
        raise SpecError(f"{folder / 'standard.json'} names the standard {raw.get('name')!r}; its folder is {name}")
    text = raw.get("encoding", {})
    try:
        form = TextForm.of(text.get("charset", "utf-8"), text.get("positions"))
    except JwgenError as error:
        raise SpecError(f"{name} standard.json: {error}") from None
    if text.get("bom"):
        raise SpecError(f"{name} standard.json: jwgen writes no byte order mark; 'bom' must be false")
    missing = [key for key in ("title", "version", "declaration", "retour", "profiles", "receiver",
                               "retourcode_lists") if key not in raw]
    if missing:
        raise SpecError(f"{folder / 'standard.json'} has no {', '.join(missing)}")
    return Standard(name=raw["name"], title=raw["title"], version=raw["version"], declaration=raw["declaration"],
                    retour=raw["retour"], profiles=dict(raw["profiles"]), receiver=dict(raw["receiver"]),
                    retourcode_lists=tuple(raw["retourcode_lists"]), folder=name,
                    retourcode_meanings=dict(raw.get("retourcode_meanings", {})), encoding=form,
                    encoding_basis=text.get("basis", ""), extension=text.get("extension", ".txt"),
                    structure=MappingProxyType(dict(raw.get("structure", {}))),
                    made=MappingProxyType(dict(raw.get("made", {}))))


@dataclass(frozen=True, eq=False)
class Spec:
    standard: Standard
    declaration: MessageLayout
    retour: MessageLayout
    codelists: Mapping[str, dict]
    retourcodes: Mapping[str, dict]
    rules: Mapping[str, dict]
    confidence_scale: Mapping[str, str]
    layout_source: str
    label: str = ""  # one line on where the layout comes from, for manifests and READMEs
    field_codes: Mapping[str, Any] = None  # field_codes.json: the specific retourcode of a field error
    conditions: Ledger = None  # the BER's conditions, classified (conditions.json; jwgen.spec.conditions)

    def field_code(self, rtype: str, key: str, default: str) -> str:
        """The most specific retourcode for an error in field ``key`` of record ``rtype`` (field_codes.json)."""
        codes = self.field_codes
        if key == self.declaration.structure["receiver_key"]:
            return codes["receiver"]["voorloop" if rtype == self.declaration.structure["voorloop"] else "detail"]
        key = "reserve" if key == "reserve_retour" else key
        return codes["by_record"].get(rtype, {}).get(key) or codes["by_key"].get(key) or default

    def message(self, name: str) -> MessageLayout:
        """The declaration or the retour message by its name (JW321, JW322, GZ321, ...)."""
        by_name = {self.declaration.name: self.declaration, self.retour.name: self.retour}
        if name.upper() not in by_name:
            raise JwgenError(f"{self.standard.name} has the messages {', '.join(by_name)}, not {name!r}")
        return by_name[name.upper()]

    def retourcode(self, code: str) -> dict:
        return self.retourcodes[code]

    def role(self, profile: str) -> str:
        return self.standard.role(profile)

    def codes(self, codelist: str) -> Mapping[str, str] | None:
        """The allowed values of a closed code list, or None for an open (registry) list."""
        entry = self.codelists[codelist]
        if not entry.get("closed"):
            return None
        if "values_from" in entry:
            return {code: item["meaning"] for code, item in self.retourcodes.items()}
        return entry["values"]

    def pattern(self, codelist: str) -> re.Pattern | None:
        raw = self.codelists[codelist].get("pattern")
        return re.compile(raw) if raw else None


def load_folder(folder: Path, name: str) -> Spec:
    """The standard ``name`` in ``folder`` (any folder: one ``jwgen standard add`` is writing), loaded and
    self-checked as jwgen would read it from its place; nothing is cached."""
    return _load_at.__wrapped__(None, name, (str(folder), -1))


def _check_links(spec: Spec) -> None:
    for message in (spec.declaration, spec.retour):
        for layout in message.records.values():
            for f in layout.fields:
                if f.codelist and f.codelist not in spec.codelists:
                    raise SpecError(f"{message.name} rubriek {f.id}: code list {f.codelist} is not in codelists.json")
    sent, retour = spec.declaration, spec.retour
    for rtype, layout in sent.records.items():
        back = retour.records.get(rtype)
        if back is None:
            raise SpecError(f"{retour.name} has no record {rtype}")
        if rtype == sent.structure["sluit"]:
            continue
        for f in layout.fields:
            g = back.by_key.get(f.key)
            if g is None or (g.start, g.length, g.type) != (f.start, f.length, f.type):
                raise SpecError(f"{retour.name} record {rtype} must repeat {sent.name} rubriek {f.id} ({f.key}) "
                                f"unchanged at {f.start}")
    structure = sent.structure
    for key in list(structure["sluit_counts"]) + [structure["sluit_detail_total"], *structure["sluit_amount"]]:
        if key not in sent.records[structure["sluit"]]:
            raise SpecError(f"structure.json names sluitrecord field {key!r}, which {sent.name} record 99 lacks")
    if structure["receiver_key"] not in sent.records[structure["voorloop"]]:
        raise SpecError(f"{spec.standard.name}: the receiver field {structure['receiver_key']!r} is not in the "
                        "voorlooprecord")
    for rule_id, rule in spec.rules.items():
        if rule["retourcode"] not in spec.retourcodes:
            raise SpecError(f"rule {rule_id}: retourcode {rule['retourcode']} is not in retourcodes.json")


def _complete(messages: dict, builtin: dict, standard: Standard, sluit: str) -> dict:
    """A layout file may hold just the declaration (what `jwgen spec import` makes of a BER): name it as the
    standard's declaration and give it a retour that repeats its records in positions 1-310 with the built-in
    retour blocks."""
    sent_name, retour_name = standard.declaration, standard.retour
    if sent_name not in messages and len(messages) == 1:
        messages = {sent_name: next(iter(messages.values()))}
    if retour_name in messages or sent_name not in messages:
        return messages
    retour = builtin["messages"][retour_name]
    sent = messages[sent_name]
    made = retour_of(sent, retour, builtin["messages"][sent_name]["record_length"], sluit, retour_name,
                     retour.get("cod002", ""))
    return {**messages, retour_name: {**made, "source": f"{sent.get('source', '')}; retour blocks of the built-in "
                                                        f"{retour_name}"}}


def _retourcodes(data: dict, lists: tuple[str, ...], own: Mapping[str, str]) -> dict:
    """The retourcodes of a standard: every code of its lists, with the meaning of the first list that has it."""
    out = {}
    for code, entry in data["codes"].items():
        meanings = {entry["source"]: entry["meaning"], **entry.get("meanings", {})}
        for other in entry.get("also_in", []):
            meanings.setdefault(other, entry["meaning"])
        source = next((name for name in lists if name in meanings), None)
        if source is not None:
            out[code] = {**entry, "meaning": own.get(code, meanings[source]), "source": source}
    return out


def _structure(raw: dict, standard: Standard, part: str, records: Any = ()) -> dict:
    """structure.json's ``part`` for this standard; with the layout's ``records``, for its record types only;
    what the standard's own ``standard.json`` ``structure`` says (a standard made from a BER) replaces it."""
    structure = fit_structure(raw[part], set(records), set(raw["declaration"]["names"])) if records else dict(raw[part])
    structure.update((standard.structure or {}).get(part, {}))
    if records and structure.get("prestatie") in records and "link_key" in structure:
        # the link keys the prestatierecord and each of its children have (GGZ DBC 181 v2: no prestatiecode)
        family = [structure["prestatie"], *structure.get("prestatie_children", ())]
        structure["link_key"] = [key for key in structure["link_key"]
                                 if all(key in {f["key"] for f in records[rtype]} for rtype in family)]
    structure["receiver_key"] = standard.receiver["key"]
    structure["text_form"] = standard.encoding  # what the writer writes and the reader reads unless told otherwise
    return structure


def _load(layout_path: str | None, standard_name: str) -> Spec:
    return _load_at(layout_path, standard_name, standard_folders.version_key(standard_name))


@lru_cache(maxsize=16)
def _load_at(layout_path: str | None, standard_name: str, place: tuple[str, int]) -> Spec:
    standard = _standard_at(standard_name, place)
    folder = Path(place[0])
    builtin_file = folder / "layouts.json"
    layout_file = Path(layout_path) if layout_path else builtin_file
    layouts = _read_json(layout_file, "layout file")
    structure = _read_json(DATA / "structure.json", "structure.json")
    try:
        messages = layouts["messages"]
        if layout_path:
            messages = _complete(messages, _read_json(builtin_file, "layouts.json"), standard,
                                 _structure(structure, standard, "retour")["sluit"])
        sent = build_message(standard.declaration, messages[standard.declaration],
                             _structure(structure, standard, "declaration", messages[standard.declaration]["records"]))
        retour = build_message(standard.retour, messages[standard.retour],
                               _structure(structure, standard, "retour", messages[standard.retour]["records"]))
    except KeyError as missing:
        raise SpecError(f"layout file {layout_file}: missing {missing}") from None
    except SpecError:
        raise
    except (TypeError, AttributeError, ValueError) as error:  # an edited file of another shape (--layout)
        raise SpecError(f"layout file {layout_file} does not have the shape of layouts.json: {error}") from None
    codelists = standard_codelists.merged(_read_json(DATA / "codelists.json", "codelists.json")["lists"],
                                          standard_codelists.read(folder / "codelists.json"))
    retourcodes = _retourcodes(_read_json(DATA / "retourcodes.json", "retourcodes.json"), standard.retourcode_lists,
                               standard.retourcode_meanings)
    rules = _read_json(DATA / "rules.json", "rules.json")["rules"]
    rules = {r["id"]: r for r in rules} if isinstance(rules, list) else rules
    ledger = build_ledger(_condition_files(standard.folder, folder=folder), sent, rules)
    spec = Spec(standard=standard, declaration=sent, retour=retour, codelists=codelists, retourcodes=retourcodes,
                rules=fit_rules(rules, {rtype: layout.by_key for rtype, layout in sent.records.items()},
                                words(standard.receiver.get("words", {}), list(sent.records)), sent.structure,
                                ledger.asked()),
                confidence_scale=layouts.get("confidence_scale", {}) if isinstance(layouts, dict) else {},
                layout_source=str(layout_file), label=layouts.get("label", f"layout {layout_file}"),
                field_codes=_read_json(DATA / "field_codes.json", "field_codes.json"),
                conditions=ledger)
    _check_links(spec)
    return spec


def _condition_files(name: str, seen: tuple[str, ...] = (), folder: Any = None) -> list[tuple[str, dict]]:
    """The conditions.json of a standard (in ``folder``, else its own), after those of the standards it names as
    its base (base first)."""
    path = (folder if folder is not None else standard_folders.folder(name)) / "conditions.json"
    if name in seen or not path.is_file():
        return []
    raw = _read_json(path, f"{name} conditions.json")
    base = raw.get("base")
    return (_condition_files(base, seen + (name,)) if base else []) + [(name, raw)]


_active: dict[str, str | None] = {"layout": None, "standard": None}  # what --layout / --standard chose


def use_layout(layout_path: str | Path | None, standard: str | None = None) -> None:
    """Make ``layout_path`` (and ``standard``) what :func:`load_spec` loads when given none (``--layout`` and
    ``--standard`` on every command set it once; worker processes are handed the same). Checked at once."""
    if standard is not None:
        standard = standard.upper()
        _standard(standard)
    if layout_path:
        _load(str(layout_path), standard or DEFAULT_STANDARD)
    _active["layout"] = str(layout_path) if layout_path else None
    _active["standard"] = standard


def active_layout() -> tuple[str | None, str | None]:
    return _active["layout"], _active["standard"]


def load_spec(layout_path: str | Path | None = None, standard: str | None = None) -> Spec:
    """Load (and self-check) a standard's spec (default JW321, or the one ``--standard`` chose);
    ``layout_path`` replaces its built-in layouts."""
    name = (standard or _active["standard"] or DEFAULT_STANDARD).upper()
    path = str(layout_path) if layout_path else _active["layout"]
    return _load(path, name)


def identifies(message: MessageLayout, line: str) -> bool:
    """Whether a first line names ``message`` whatever its KENMERK RECORD: the voorlooprecord's fields
    structure.json calls ``identified_by`` (0102 CODE EXTERNE-INTEGRATIEBERICHT, 0103 versie) hold its values."""
    layout = message.records[message.structure["voorloop"]]
    for key in message.structure["identified_by"]:
        f = layout[key]
        wanted = message.codes if key == "code_berichtsoort" and f.value is None else (f.value,)
        if line[f.start - 1:f.end] not in wanted:  # (0102 of a BER that names several codes: any of them)
            return False
    return True


def detect_standard(data: bytes) -> str | None:
    """The standard a file belongs to, from its voorlooprecord's CODE EXTERNE-INTEGRATIEBERICHT (0102) and, between
    standards of one code, its version (0103, 0104): 434/435 JW321, 195/196 GZ321, 181 GZ311-V1 or GZ311-V2; a
    first line with another KENMERK RECORD than 01 by 0102 and 0103 together (:func:`identifies`). None when no
    standard's code is there.

    >>> detect_standard(b"0118101013" + b" " * 100)
    'GZ311-V1'
    >>> detect_standard(b"0118102003" + b" " * 100)
    'GZ311-V2'
    """
    found = message_of(data)
    return found[0] if found is not None else None


def message_of(data: bytes) -> tuple[str, MessageLayout, bool] | None:
    """(standard, message, is the retour) whose code 0102 the file's first line carries: a JW322 is the retour
    of JW321. None when no standard's code is there (see :func:`detect_standard`). Only the standard found is
    loaded (:mod:`jwgen.spec.identity` reads the others' voorlooprecords alone)."""
    first = data.lstrip(b"\xef\xbb\xbf")[:64].decode("latin-1")
    names = standard_names()  # the hand-made built-in standards first: most files are theirs
    found = identity.standard_of(first, sorted(names, key=lambda name: name not in standard_folders.handmade_names()))
    if found is None:
        return None
    spec = _spec_of(found.standard)
    return found.standard, spec.retour if found.retour else spec.declaration, found.retour


def _spec_of(name: str) -> Spec:
    return load_spec(standard=name) if _active["layout"] is None else _load(None, name)
