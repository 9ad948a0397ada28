"""Record-level checks (STB 6.4.3): field format, code lists and cross-field rules.

``check_fields`` applies the generic rules (format, mandatory, code list, reserve)
to every field of a record, naming a field-specific rule where one exists (BSN
-> 0435, prestatie dates -> 8007, D/C -> 0631, ...). The functions below it are
the cross-field rules, one per rule id.

>>> from jwgen.controle import receive
>>> from jwgen.defects import broken_file
>>> outcome = receive(broken_file(["bsn-invalid", "einddatum-before-begindatum"]))
>>> sorted({(f.rule, f.retourcode) for f in outcome.findings})
[('bsn.invalid', '0435'), ('date.end-before-begin', '8007')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable

from stdnum.nl import bsn as stdnum_bsn

from ..domain import RECEIVER
from ..model import Prestatie, Raw, Record
from ..printable import UNSAFE_CHARACTER, printable
from ..spec import MessageLayout, RecordLayout, Spec
from ._context import Context, dc_keys
from ._findings import NO_FINDINGS, Finding, Findings
from .field_shape import line_shape
from .jw322 import amount_limit

NO_BSN = 999999999

# Field key -> the specific rule that reports its format / emptiness / code-list problems.
SPECIFIC = {
    "bsn": "bsn.invalid",
    "begindatum_prestatie": "date.prestatie",
    "einddatum_prestatie": "date.prestatie",
    "begindatum_zorgactiviteit": "date.prestatie",
    "einddatum_zorgactiviteit": "date.prestatie",
    "begindatum_tijdsbesteding": "date.prestatie",
    "einddatum_tijdsbesteding": "date.prestatie",
    "vrije_tekst": "comment.text",
    "referentienummer": "ref.not-unique",
}
SKIP = {"kenmerk_record", "identificatie_detailrecord", "regelnummer_vrije_tekst"}  # checked by the structure


@dataclass(slots=True)
class Group:
    """Where a record stands: its verzekerde and, below prestatie level, its prestatie."""

    verzekerde: Record
    prestatie: Prestatie | None = None
    node: Any = None  # the Verzekerde node, at verzekerde level (what is below it: its debiteur)


@dataclass(frozen=True)
class Gate:
    """A record check's cheap gate: ``holds(ctx, record, group)`` per record, and ``in_file(ctx)``, decided once
    per file, whether it can hold for any record of it (no credit gate holds in a file without credits).
    ``holds`` None: a gate of the file only (every record of a file it lets in is checked)."""

    holds: Callable[[Context, Record, Group], bool] | None
    in_file: Callable[[Context], bool]

    def __call__(self, ctx: Context, record: Record, group: Group) -> bool:
        return self.holds is None or self.holds(ctx, record, group)


@dataclass(frozen=True)
class _Plan:
    raw: tuple  # (key, rule) for N/date fields that may hold Raw content
    fillers: tuple  # keys of reserve fields
    mandatory: tuple  # (key, rule) of mandatory AN and date fields: empty is missing
    numbers: tuple  # (key, rule) of mandatory N fields: all zeros is missing (Vektis fills an empty N with zeros)
    coded: tuple  # (key, length, use, codes, rule, well-formed shape or None) of fields with a closed code list
    patterned: tuple  # (key, length, use, pattern, rule) of fields with an open list of a known shape
    aligned: tuple  # keys of AN fields: left-aligned, never a leading space; printable text (field.text)
    names: tuple  # keys of name fields (NAM elements): letters, never digits
    checker: Any = None  # compiled check_fields: (ctx, record) -> findings, [] at once for a clean record


def _compile_checker(plan: _Plan, layout: RecordLayout) -> Any:
    """check_fields of one record type, written out as code: [] at once for a record without Raw content
    that ``_field_findings`` finds nothing in, given the text its values were decoded from. The text's shape
    is one regular expression (``field_shape.line_shape``); the long code lists are set lookups on the decoded
    values after it (a list of 342 gemeentecodes does not belong in a regex). A clean record costs one call;
    any other record (and one made or changed by hand, which has no text) goes the plain way, which names its
    findings in their order."""
    shape, coded, patterned = line_shape(layout, plan.fillers, tuple(k for k, _ in plan.mandatory + plan.numbers),
                                         plan.aligned, plan.names, plan.coded, plan.patterned)
    namespace: dict[str, Any] = {"_shape": shape.match}
    # field.text: a line str.isprintable() passes holds none of the characters printable() escapes (those are
    # Cc, Cf, Cs, Zl, Zp and noncharacters, all unprintable to Python); any other line takes the plain way
    terms = ["_shape(line) is not None", "line.isprintable()"]
    for n, (key, length, use, codes, _, _well_formed) in enumerate(coded):  # a well-formed outsider: plain path
        namespace[f"codes{n}"] = codes
        zero = " or x == 0" if use != "M" else ""
        terms.append(f"((x := v[{key!r}]) in codes{n} or x == '' or x is None{zero})")
    for n, (key, length, use, pattern, _) in enumerate(patterned):
        namespace[f"match{n}"] = pattern.match
        zero = " or x == 0" if use != "M" else ""
        terms.append(f"((x := v[{key!r}]) == '' or x is None{zero} or match{n}(f'{{x:0{length}d}}' if type(x) is int "
                     f"else x) is not None)")
    namespace["_plain"] = lambda ctx, record: _field_findings(ctx, record, plan)
    source = ("def check(ctx, record):\n"
              "    line = record.line\n"
              "    if line is not None and record.suspect is False:  # read from this text, no Raw content\n"
              "        v = record.values\n"
              "        if (" + "\n                and ".join(terms) + "):\n"
              "            return []\n"
              "    return _plain(ctx, record)\n")
    exec(compile(source, f"<jwgen field checks {layout.rtype}>", "exec"), namespace)
    return namespace["check"]


@lru_cache(maxsize=64)
def _plan(layout: RecordLayout, spec: Spec) -> _Plan:
    raw, fillers, mandatory, numbers, coded, patterned, aligned, names = [], [], [], [], [], [], [], []
    for f in layout.fields:
        if f.key in SKIP:
            continue
        if f.kind == "filler":
            fillers.append(f.key)
            continue
        specific = "dc.value" if f.kind == "dc" else SPECIFIC.get(f.key)
        if f.key == spec.declaration.structure["receiver_key"]:
            specific = "receiver.detail"
        if f.type == "N":
            raw.append((f.key, specific or "field.format"))
        if f.use == "M" and (f.type == "AN" or f.kind == "date"):
            mandatory.append((f.key, specific or "field.mandatory"))
        elif f.use == "M" and f.type == "N":
            numbers.append((f.key, specific or "field.mandatory"))
        if f.type == "AN":
            aligned.append(f.key)
        if f.element_code.startswith("NAM") and f.key.startswith(("naam_", "voorvoegsel_")):  # a person's name
            names.append(f.key)
        if not f.codelist or spec.codelists[f.codelist].get("check") is False:
            continue
        codes = spec.codes(f.codelist)
        if codes:
            allowed = frozenset(int(c) for c in codes if c.isdigit() and len(c) == f.length) \
                if f.type == "N" else frozenset(codes)  # N values are compared as numbers: no formatting
            shape = spec.codelists[f.codelist].get("well_formed")  # outside the list but maybe valid in its time
            coded.append((f.key, f.length, f.use, allowed, specific or "field.code", re.compile(shape) if shape else None))
        elif spec.pattern(f.codelist) is not None:
            patterned.append((f.key, f.length, f.use, spec.pattern(f.codelist), specific or "field.code"))
    plan = _Plan(tuple(raw), tuple(fillers), tuple(mandatory), tuple(numbers), tuple(coded), tuple(patterned),
                 tuple(aligned), tuple(names))
    return _Plan(*(getattr(plan, name) for name in plan.__dataclass_fields__ if name != "checker"),
                 checker=_compile_checker(plan, layout))


def check_fields(ctx: Context, record: Record) -> list[Finding]:
    """Format, reserve, mandatory, alignment and code-list problems of every field of one record."""
    return fields_checker(ctx, record.rtype)(ctx, record)


def fields_checker(ctx: Context, rtype: str) -> Callable[[Context, Record], list[Finding]]:
    """check_fields for records of one type, its plan looked up once (the receiver keeps one per type)."""
    return _plan(ctx.message.records[rtype], ctx.spec).checker


def _field_findings(ctx: Context, record: Record, plan: _Plan | None = None) -> list[Finding]:
    """check_fields the plain way: every rule of the plan in turn, each finding in order."""
    values = record.values
    plan = plan or _plan(ctx.message.records[record.rtype], ctx.spec)
    found: list[Finding] = []
    raw_keys: list[str] = []
    if record.has_raw:
        raw_keys = [key for key, _ in plan.raw if type(values[key]) is Raw]
        found += [ctx.finding(rule, record, key) for key, rule in plan.raw if key in raw_keys]
    for key in plan.fillers:
        if values[key] != "":
            found.append(ctx.finding("field.reserve", record, key))
    for key, rule in plan.mandatory:
        value = values[key]
        if (value == "" or value is None) and key not in raw_keys:
            found.append(ctx.finding(rule, record, key))
    for key, rule in plan.numbers:
        if values[key] == 0:
            found.append(ctx.finding(rule, record, key))
    for key in plan.aligned:
        value = values[key]
        if value and value[0] == " ":
            found.append(ctx.finding("field.left-aligned", record, key))
    for key in plan.names:
        value = values[key]
        if value and any(c.isdigit() for c in value):
            found.append(ctx.finding("field.name-text", record, key))
    for key in plan.aligned:
        value = values[key]
        if value and (bad := UNSAFE_CHARACTER.search(value)) is not None:
            found.append(ctx.finding("field.text", record, key, f"{printable(bad.group(), keep='')} at position "
                                     f"{bad.start() + 1} of the field: an AN field holds printable text"))
    for key, length, use, codes, rule, shape in plan.coded:
        value = values[key]
        if value == "" or value is None or key in raw_keys:
            continue
        if value not in codes and not (use != "M" and value == 0):
            if shape is not None and not ctx.strict and shape.match(f"{value:0{length}d}" if type(value) is int
                                                                    else value):
                continue  # a well-formed code of a list that cannot be complete (a gemeente merged away): --strict
            found.append(ctx.finding(rule, record, key))
    for key, length, use, pattern, rule in plan.patterned:
        value = values[key]
        if value == "" or value is None or key in raw_keys or (use != "M" and value == 0):
            continue
        if not pattern.match(f"{value:0{length}d}" if type(value) is int else value):
            found.append(ctx.finding(rule, record, key))
    return found


@lru_cache(maxsize=65536)
def valid_bsn(value: int) -> bool:
    """11-proef via python-stdnum (the oracle); 999999999 stands for 'no BSN' (STB 5.4.8)."""
    return value == NO_BSN or stdnum_bsn.is_valid(f"{value:09d}")


def bsn_invalid(ctx: Context, record: Record, group: Group) -> Findings:
    value = record.values["bsn"]
    if type(value) is int and not valid_bsn(value):
        return [ctx.finding("bsn.invalid", record, "bsn", f"BSN {value:09d} fails the 11-proef")]
    return NO_FINDINGS


def bsn_mismatch(ctx: Context, record: Record, group: Group) -> Findings:
    bsn, theirs = record.values["bsn"], group.verzekerde.values["bsn"]
    if type(bsn) is int and bsn != theirs:
        return [ctx.finding("bsn.mismatch", record, "bsn", f"BSN {bsn:09d} differs from the verzekerde's {theirs!s}")]
    return NO_FINDINGS


def keys_link(ctx: Context, record: Record, group: Group) -> Findings:
    """The child repeats its prestatie's logical keys (structure.json link_key; BSN: bsn.mismatch)."""
    own, theirs = record.values, group.prestatie.record.values
    link = _link_values(ctx.message)
    if link(own) == link(theirs):
        return NO_FINDINGS
    for key in ctx.message.structure["link_key"]:
        if own[key] != theirs[key] and key != "bsn" and key not in _unreadable(record):
            return [ctx.finding("keys.link", record, key, f"{key} {own[key]!s} differs from its prestatierecord's "
                                                            f"{theirs[key]!s}")]
    return NO_FINDINGS


@lru_cache(maxsize=16)
def _link_values(message: MessageLayout) -> Callable[[dict], Any]:
    """values -> the values of the message's link keys (structure.json link_key), in one call."""
    return itemgetter(*message.structure["link_key"])


def _unreadable(record: Record) -> set[str]:
    return set(record.invalid) if record.has_raw else set()


def receiver_detail(ctx: Context, record: Record, group: Group) -> Findings:
    """The receiver a detail record names (gemeentecode, UZOVI-nummer) is the voorlooprecord's."""
    key = ctx.message.structure["receiver_key"]
    value, expected = record.values[key], ctx.voorloop.values[key]
    if type(value) is int and type(expected) is int and value != expected:
        return [ctx.finding("receiver.detail", record, key,
                            f"{key} {value:04d} differs from the voorlooprecord's {expected:04d}")]
    return NO_FINDINGS


def dc_mixed(ctx: Context, record: Record, group: Group) -> Findings:
    if record.values["dc_declaratiebedrag"] not in ("D", "C"):
        return NO_FINDINGS  # an unreadable indicator is dc.value's finding
    values, own = record.values, record.values["dc_declaratiebedrag"]
    for key in dc_keys(ctx.message.records[record.rtype]):
        value = values.get(key)
        if value in ("D", "C") and value != own:
            return [ctx.finding("dc.mixed", record, key)]
    return NO_FINDINGS


def dc_group(ctx: Context, record: Record, group: Group) -> Findings:
    dc_field = ctx.message.structure["dc_field"]
    own = record.values[dc_field[record.rtype]]
    if own not in ("D", "C"):
        return NO_FINDINGS  # an unreadable indicator is dc.value's finding
    parent = ctx.dc(group.prestatie.record)
    if parent in ("D", "C") and own != parent:
        return [ctx.finding("dc.group", record, dc_field[record.rtype],
                            f"indicator {own} differs from the prestatie's {parent}")]
    return NO_FINDINGS


def _dates(record: Record, begin: str, end: str) -> tuple[date | None, date | None]:
    b, e = record.values[begin], record.values[end]
    return (b if isinstance(b, date) else None, e if isinstance(e, date) else None)


def end_before_begin(ctx: Context, record: Record, group: Group) -> Findings:
    keys = ctx.message.structure["date_ranges"].get(record.rtype)
    if keys is None:  # a record type without a begin and end date in this standard (ZH308's tariefrecord)
        return NO_FINDINGS
    values = record.values
    b, e = values[keys[0]], values[keys[1]]
    if type(b) is date and type(e) is date and e < b:
        return [ctx.finding("date.end-before-begin", record, keys[1])]
    return NO_FINDINGS


def outside_period(ctx: Context, record: Record, group: Group) -> Findings:
    """A prestatie that ends after the declaratieperiode. One that began (or ended) before it is fine: the
    period is administrative, 'niet per definitie de begindatum van de eerste behandeling' (BER 0114), and
    Vektis's own base file declares 2014 prestaties in a January 2015 file."""
    if ctx.dc(record) == "C" or record.values["referentienummer_voorgaande"]:
        return NO_FINDINGS  # corrections of earlier lines keep their original period (STB 5.4.9, 6.10)
    period = ctx.message.structure["prestatie_period"]
    e = _dates(record, *period)[1]
    stop = ctx.voorloop_date("einddatum_declaratieperiode")
    if stop and e and e > stop:
        return [ctx.finding("date.outside-period", record, period[1])]
    return NO_FINDINGS


def after_factuur(rule_id: str, end: int) -> Callable[[Context, Record, Group], Findings]:
    """A prestatie date after the dagtekening factuur (vektis.nl: 8177 begin, 8178 eind): the begin (``end`` 0)
    or end (1) of structure.json's ``prestatie_period``."""
    def check(ctx: Context, record: Record, group: Group) -> Findings:
        key = ctx.message.structure["prestatie_period"][end]
        day, value = ctx.voorloop_date("dagtekening_factuur"), record.values[key]
        if isinstance(value, date) and day and value > day:
            return [ctx.finding(rule_id, record, key)]
        return NO_FINDINGS
    return check


def berekend(ctx: Context, record: Record, group: Group) -> Findings:
    """Berekend bedrag = tarief x aantal uitgevoerde prestaties (GZ321 BER 0619/0620; the layout has no
    verrekenpercentage). A nulbedrag agreement fills all three with zeros, which agrees. The soorten
    tarief rules.json exempts (ZZP: Vektis's own base file caps them) are not checked."""
    v = record.values
    for key, values in _exempt(ctx.spec):
        if v.get(key) in values:
            return NO_FINDINGS
    tarief, aantal, amount = v["tarief_prestatie"], v["aantal_uitgevoerde_prestaties"], v["berekend_bedrag"]
    if type(tarief) is int and type(aantal) is int and type(amount) is int and tarief * aantal != amount:
        return [ctx.finding("amount.berekend", record, "berekend_bedrag",
                            f"berekend bedrag {amount} eurocent, tarief {tarief} x aantal {aantal} is {tarief * aantal}")]
    return NO_FINDINGS


@lru_cache(maxsize=16)
def _exempt(spec: Spec) -> tuple[tuple[str, Any], ...]:
    """(key, values) that exempt a tariefrecord from amount.berekend (rules.json)."""
    return tuple(spec.rules["amount.berekend"].get("exempt", {}).items())


def declaratie_above_berekend(ctx: Context, record: Record, group: Group) -> Findings:
    """The declaratiebedrag is the part of the berekend bedrag the provider charges (GZ321 BER 0625)."""
    amount, berekend_ = record.values["declaratiebedrag"], record.values["berekend_bedrag"]
    if type(amount) is int and type(berekend_) is int and amount > berekend_:
        return [ctx.finding("amount.declaratie-above-berekend", record, "declaratiebedrag",
                            f"declaratiebedrag {amount} eurocent is more than the berekend bedrag {berekend_}")]
    return NO_FINDINGS


def verzekerde_twice(ctx: Context, record: Record, group: Group) -> Findings:
    """One verzekerdenrecord per verzekerde in a file (STB 5.2); clients without BSN (999999999) are told apart
    by verzekerdennummer/patientnummer and geboortedatum (STB 5.4.8)."""
    bsn = record.values["bsn"]
    if type(bsn) is not int:
        return NO_FINDINGS
    v = record.values
    key = bsn if bsn != NO_BSN else (v.get("verzekerdennummer") or v.get("patientnummer"), str(v.get("geboortedatum")))
    seen = ctx.clients
    if key in seen:
        return [ctx.finding("verzekerde.twice", record, "bsn", f"the same verzekerde as on line {seen[key]}")]
    else:
        seen[key] = record.number
    return NO_FINDINGS


def prestatie_too_large(ctx: Context, record: Record, group: Group) -> Findings:
    """The prestatie's amount (its tariefrecords') fits the retour's N8 berekend bedrag of the prestatierecord."""
    limit = amount_limit(ctx.spec, record.rtype)
    amount = abs(ctx.prestatie_amount(group.prestatie))
    if amount >= limit:
        return [ctx.finding("amount.prestatie-too-large", record, None,
                            f"the tariefrecords add up to {amount} eurocent; the retour record holds at most "
                            f"{limit - 1}")]
    return NO_FINDINGS


def _large_amounts_in_file(ctx: Context) -> bool:
    """Can any prestatie of the file be too large? Not when all its tariefrecords' amounts together (debet and
    credit, as the sluitrecord's totals add them) stay below the limit: a prestatie's amount is at most that."""
    totals = ctx.totals
    return totals is None or totals.debet + totals.credit >= amount_limit(ctx.spec, ctx.message.structure["prestatie"])


may_be_too_large = Gate(None, in_file=_large_amounts_in_file)



def ref_not_unique(ctx: Context, record: Record, group: Group) -> Findings:
    ref = record.values["referentienummer"]
    if type(ref) is not str or not ref:
        return NO_FINDINGS  # empty: reported by check_fields under the same rule
    seen, key = ctx.refs, (record.rtype, ref)
    if key in seen:
        return [ctx.finding("ref.not-unique", record, "referentienummer",
                            f"referentienummer {ref!r} also on line {seen[key]}")]
    seen[key] = record.number
    if ctx.role == RECEIVER and ctx.state.has_line(record.rtype, ref):
        return [ctx.finding("ref.not-unique", record, "referentienummer",
                            f"referentienummer {ref!r} was received before")]
    return NO_FINDINGS
