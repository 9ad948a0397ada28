"""Run a folder of Vektis test files (TOWER/PORTES RBC style) through the receiver and say what it caught.

Vektis names every test file after what it breaks: ``..._TB_N<level>_<rubriek>_<variant>_v1.asc`` for
PORTES levels 1-4 (file physical, file structure, format of the rubriek, code list of the rubriek) and
``..._TB_N5_<number>_v1.asc`` for a business rule; the correct base file is named ``...basisbestand...``.

**The standard** of each file is the one its voorlooprecord's CODE EXTERNE-INTEGRATIEBERICHT (0102) names
(:func:`file_standard`; a broken KENMERK RECORD 0101 does not hide it). A file whose 0102 names no standard
(an empty file, an ``N3_0102`` case) is judged as the folder's standard: the one most of its files name, the
basisbestand's on a tie (:func:`folder_standard`), and the output says so. ``--standard`` forces one standard
for every file. The output's first line says which standard was used.

**An answer** is what the receiver sends back (a JW322/GZ322: at least a voorloop- and sluitrecord). STB
6.8.1: "in het geval van een bestand waarin een voorlooprecord ontbreekt kan geen retourinformatie volgens
Vektis-formaat gestuurd worden. Ook in andere gevallen waarin niet is vast te stellen om welk EI-bericht het
gaat". So no answer (the receiver's outcome ``unrecognised``, exit 2) is right only for a file without a
voorlooprecord or whose message cannot be identified, which here means: its first record's 0102 names no
message of a standard jwgen knows. Everywhere else no answer is a **miss**. What jwgen expects of each file
(:func:`expectation`, :func:`judge`):

* the base file: fully approved (forwarded, when VECOZO answers);
* N1, N2 (file physical, file structure): when the file's 0102 names its message, the whole file rejected
  *with an answer* (a file-level finding in the voorlooprecord; STB 6.4.2: "het voorloop- en sluitrecord van
  het EI-retourinformatiebericht worden retourgezonden"); when it names none (empty, no voorlooprecord,
  unreadable), no answer (STB 6.8.1). Exactly one of the two: an answer to a file that cannot be identified
  is as wrong as none to one that can;
* N3, N4: rejected with an answer holding a finding on the rubriek the name gives; for a KENMERK RECORD
  (``xx01``) the record type itself is what is wrong, so a file-level rejection counts. Never "no answer":
  Vektis names a rubriek, so the sender is owed the retourcode on it (a broken 0101 whose 0102/0103 still
  identify the message included);
* N5: rejected with an answer, by the rule the standard's ``conformance.json`` names for that number.

Files that are byte for byte the base file (the folder's basisbestand, or Vektis's published one by the
``basisbestand_sha256`` of ``conformance.json``, so that a folder without it judges them alike) have no
deliberate error a receiver can see in them; they are judged as the same declaration sent a second time (one
ledger, the file received twice). ``conformance.json`` also lists the cases jwgen cannot judge (``registry``: a
registry it does not have) with the reason; they are reported, not failed. A listed case the receiver does
catch as named is reported as "listed as registry but caught": the list is stale and the run fails.

>>> parse_name("GZ321v1.0_RBCu4_TB_N3_0411_02_v1.asc")
('N3', '0411')
>>> parse_name("GZ321v1.0_RBCu4_TB_N5_044_v1.asc")
('N5', '044')
>>> file_standard(b"00195" + b" " * 305), file_standard(b""), file_standard(b"01XYZ")
('GZ321', None, None)
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .controle import Ledger, Outcome, receive
from .domain import PASSED, REJECTED_FILE, UNRECOGNISED
from .errors import JwgenError
from .spec import STANDARDS, Spec, detect_standard, load_spec
from .spec.standard_folders import builtin_names

NAME = re.compile(r"_TB_N(?P<level>[1-5])_(?P<what>\d+)(?:_\d+)?_v\d+$", re.IGNORECASE)
BASE = re.compile(r"basisbestand", re.IGNORECASE)
LEVELS = ("base", "N1", "N2", "N3", "N4", "N5")
BOM = b"\xef\xbb\xbf"
#: Where a verdict's standard came from.
FROM_0102, FROM_FOLDER, FROM_DEFAULT, FORCED = "0102", "folder", "default", "--standard"


def _variant(name: str) -> str:
    found = re.search(r"_N[1-5]_\d+_(\d+)_v\d+", Path(name).stem)
    return found.group(1) if found else ""


def parse_name(name: str) -> tuple[str, str] | None:
    """(level, rubriek or rule number) from a Vektis test-file name; ("base", "") for the base file."""
    stem = Path(name).stem
    if BASE.search(stem):
        return "base", ""
    found = NAME.search(stem)
    return (f"N{found['level']}", found["what"]) if found else None


def file_standard(content: bytes) -> str | None:
    """The standard a file's first record names by its 0102, whatever its KENMERK RECORD (0101) holds: a
    voorlooprecord with a broken 0101 still identifies its message. None: no message can be identified."""
    text = content[len(BOM):] if content.startswith(BOM) else content
    if len(text) < 2:
        return None
    voorloop = load_spec().declaration.structure["voorloop"].encode("latin-1")
    return detect_standard(voorloop + text[2:])


def folder_standard(named: list[str | None], base: str | None = None) -> str | None:
    """The standard most files of a folder name (``named``: each file's :func:`file_standard`), the
    basisbestand's (``base``) on a tie, then the first by name; None when no file names one.

    >>> folder_standard(["GZ321", None, "GZ321", "JW321"]), folder_standard([None])
    ('GZ321', None)
    >>> folder_standard(["JW321", "GZ321"], base="JW321")
    'JW321'
    """
    counts = Counter(name for name in named if name)
    if not counts:
        return None
    most = max(counts.values())
    tied = sorted(name for name, count in counts.items() if count == most)
    return base if base in tied else tied[0]


@dataclass
class Verdict:
    file: str
    level: str
    what: str
    caught: bool
    status: str
    found: list[str]  # "rubriek/retourcode (rule)" of the findings, first few
    expected: str
    registry: str = ""  # why jwgen cannot judge it (a registry it does not have), when conformance.json lists it
    standard: str = ""  # the standard the file was judged as
    standard_from: str = FROM_0102  # FROM_0102; FROM_FOLDER (its 0102 names none); FROM_DEFAULT (no file's
    # 0102 names one); FORCED (--standard)

    @property
    def missed(self) -> bool:
        return not self.caught and not self.registry

    @property
    def stale_registry(self) -> bool:
        """Listed as a registry case, and caught as named all the same: the list is stale."""
        return self.caught and bool(self.registry)


def _message(spec: Spec) -> tuple[str, str | None]:
    """(COD002, versie) of a standard's declaration: which message, so which of Vektis's test files, it reads."""
    versie = spec.declaration.records[spec.declaration.structure["voorloop"]].by_key.get("versienummer")
    return spec.declaration.cod002, versie.value if versie is not None else None


def expectations(spec: Spec) -> dict:
    """A standard's ``conformance.json`` (N5 rules, registry cases, overrides, the base file's sha256). A standard
    whose folder has none (one made by ``jwgen standard add``) is judged by that of the built-in standard of the
    same message (COD002 and versie): what Vektis's test files of a message break is a fact about the files,
    the same whichever standard reads them."""
    path = STANDARDS / spec.standard.folder / "conformance.json"
    if not path.is_file():
        path = next((STANDARDS / name / "conformance.json" for name in builtin_names()
                     if name != spec.standard.folder and (STANDARDS / name / "conformance.json").is_file()
                     and _message(load_spec(standard=name)) == _message(spec)), path)
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {"N5": {}, "registry": {}, "overrides": {}, **data}


def _findings(outcome: Outcome) -> list[str]:
    return [f"{f.rubriek or '-'}/{f.retourcode} ({f.rule})" for f in outcome.findings]


def expectation(level: str, what: str, rules: dict, identified: bool = True) -> str:
    """What a file of ``level`` must get; ``identified``: its 0102 names a message (see the module's text)."""
    if level == "base":
        return "approved"
    if level in ("N1", "N2"):
        return ("whole file rejected (an answer with a file-level finding)" if identified
                else "no answer (STB 6.8.1: no voorlooprecord, or the message cannot be identified)")
    if level in ("N3", "N4"):
        return f"rejected with a finding on rubriek {what}"
    rule = rules.get(what, {}).get("rule")
    return f"rejected by rule {rule}" if rule else "rejected"


def judge(level: str, what: str, outcome: Outcome, rules: dict, override: dict | None = None,
          identified: bool = True) -> bool:
    """Whether ``outcome`` is what :func:`expectation` says; no answer (``unrecognised``) is caught only where
    no answer is the expectation."""
    if level == "base":
        return outcome.status in PASSED and not outcome.findings  # approved (VECOZO: forwarded)
    if level in ("N1", "N2"):
        return outcome.status == (REJECTED_FILE if identified else UNRECOGNISED)
    if outcome.status in PASSED or outcome.status == UNRECOGNISED:
        return False
    if level in ("N3", "N4"):
        if what.endswith("01") and outcome.status == REJECTED_FILE:
            return True  # the KENMERK RECORD: the record type itself is wrong
        rubriek = (override or {}).get("rubriek", what)
        return any(f.rubriek == rubriek for f in outcome.findings)
    wanted = rules.get(what, {}).get("rule")
    return wanted is None or any(f.rule == wanted for f in outcome.findings)


def run_folder(folder: Path | str, spec: Spec | None = None, profile: str | None = None) -> list[Verdict]:
    """Every Vektis test file of ``folder`` (sorted by name), judged against its expectation: each as the
    standard its 0102 names (the folder's when it names none), or every one as ``spec``'s when given."""
    folder = Path(folder)
    if not folder.is_dir():
        raise JwgenError(f"{folder} is not a folder of Vektis test files")
    files = sorted(p for p in folder.iterdir() if p.is_file() and parse_name(p.name))
    if not files:
        raise JwgenError(f"{folder} has no Vektis test files (names like ..._TB_N3_0411_02_v1.asc)")
    contents = {p: p.read_bytes() for p in files}
    named = {p: file_standard(data) for p, data in contents.items()}
    base = next((p for p in files if parse_name(p.name)[0] == "base"), None)
    fallback = folder_standard(list(named.values()), named[base] if base else None)
    verdicts = []
    for path in files:
        level, what = parse_name(path.name)
        content = contents[path]
        if spec is not None:
            used, source = spec, FORCED
        else:
            name, source = ((named[path], FROM_0102) if named[path]
                            else (fallback, FROM_FOLDER) if fallback else (None, FROM_DEFAULT))
            used = load_spec(standard=name)  # None: --standard's or jwgen's default
        data = expectations(used)
        twice = level != "base" and (content == (contents[base] if base else None)
                                     or hashlib.sha256(content).hexdigest() == data.get("basisbestand_sha256"))
        with Ledger() as ledger:
            if twice:  # nothing to see in the file: the base file's declaration sent a second time
                receive(content, profile, ledger, used)
            outcome = receive(content, profile, ledger, used)
        key = f"{level}_{what}" if level in ("N5", "base") else f"{level}_{what}_{_variant(path.name)}"
        override = data["overrides"].get(key)
        identified = named[path] is not None
        verdicts.append(Verdict(path.name, level, what,
                                judge(level, what, outcome, data["N5"], override, identified), outcome.status,
                                _findings(outcome)[:3], expectation(level, what, data["N5"], identified),
                                data["registry"].get(f"{level}_{what}", ""), used.standard.name, source))
    return verdicts


def standard_line(verdicts: list[Verdict]) -> str:
    """Which standard the files were judged as, for the output's first line."""
    used = Counter(v.standard for v in verdicts)
    if any(v.standard_from == FORCED for v in verdicts):
        return f"standard: {verdicts[0].standard} (forced by --standard)"
    main = used.most_common(1)[0][0] if len(used) == 1 else folder_standard([v.standard for v in verdicts])
    others = ", ".join(f"{count} {name}" for name, count in sorted(used.items()) if name != main)
    return (f"standard: {main}, as each file's rubriek 0102 names it"
            + (f" ({others}: listed below)" if others else ""))


def _files(title: str, group: list[Verdict], text=lambda v: v.file) -> list[str]:  # noqa: ANN001 - a callable
    return ["", f"{title} ({len(group)}):", *(f"  {text(v)}" for v in group)] if group else []


def table(verdicts: list[Verdict], misses: int = 10) -> str:
    """The standard used; per level: files, caught as named, registry cases, missed; then the files judged
    as another standard than most, or as the folder's because their 0102 names none; the first misses; the
    registry cases; and the registry cases caught all the same (a stale list)."""
    lines = [standard_line(verdicts), f"{'level':6} {'files':>5} {'caught':>6} {'registry':>8} {'missed':>6}"]
    for level in (*LEVELS, "all"):
        group = [v for v in verdicts if level in ("all", v.level)]
        if group:
            caught = sum(v.caught for v in group)
            registry = sum(1 for v in group if not v.caught and v.registry)
            lines.append(f"{level:6} {len(group):5} {caught:6} {registry:8} {len(group) - caught - registry:6}")
    main = folder_standard([v.standard for v in verdicts])
    for name in sorted({v.standard for v in verdicts} - {main}):
        lines += _files(f"judged as {name}, as their 0102 says",
                        [v for v in verdicts if v.standard == name and v.standard_from == FROM_0102])
    for name in sorted({v.standard for v in verdicts if v.standard_from == FROM_FOLDER}):
        lines += _files(f"judged as {name}, the folder's standard: their 0102 names none",
                        [v for v in verdicts if v.standard == name and v.standard_from == FROM_FOLDER])
    lines += _files(f"judged as {main}, jwgen's default: no file's 0102 names a standard",
                    [v for v in verdicts if v.standard_from == FROM_DEFAULT])
    missed = [v for v in verdicts if v.missed]
    if missed:
        lines += ["", f"first misses ({len(missed)}):"]
        lines += [f"  {v.file}: expected {v.expected}; got {v.status} {', '.join(v.found) or '(no findings)'}"
                  for v in missed[:misses]]
    lines += _files("not judged, a registry jwgen does not have",
                    [v for v in verdicts if not v.caught and v.registry], lambda v: f"{v.file}: {v.registry}")
    lines += _files("listed as registry but caught (remove them from the registry list of conformance.json)",
                    [v for v in verdicts if v.stale_registry], lambda v: f"{v.file}: {', '.join(v.found)}")
    return "\n".join(lines) + "\n"


def passed(verdicts: list[Verdict]) -> bool:
    """Every file caught as named or a registry case jwgen does not catch; no registry case caught."""
    return not any(v.missed or v.stale_registry for v in verdicts)
