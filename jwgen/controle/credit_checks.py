"""Debet/credit rules of STB 5.4.9, judged against the ledger and this file.

A creditregel is an exact copy of its approved debetregel except identificatie,
referentienummers, amount (= the toegekend amount of the debet) and D/C, and
credits the whole prestatie with all its records. A 2nd debetregel follows its
credit and keeps the original period. A debet and its identical credit never
stand in one file. jwgen's convention: a 2nd debet carries the original debet's
referentienummer as referentienummer voorgaande.

>>> from jwgen.controle import receive
>>> from jwgen.defects import broken_file
>>> outcome = receive(broken_file(["credit-without-debet"]))
>>> outcome.status, sorted({(f.rule, f.retourcode) for f in outcome.findings})
('partial', [('credit.no-debet', '8017')])
"""
from __future__ import annotations

from functools import lru_cache

from ..domain import LINE_APPROVED
from ..model import Record
from ..spec import record_type
from ._context import Context
from .ledger import Line
from .record_checks import Gate, Group
from ._findings import NO_FINDINGS, Findings


def _is_credit(ctx: Context, record: Record, group: Group) -> bool:
    return ctx.dc(record) == "C"


def _in_credit_group(ctx: Context, record: Record, group: Group) -> bool:
    return ctx.dc(group.prestatie.record) == "C"


def _is_debet(ctx: Context, record: Record, group: Group) -> bool:
    return ctx.dc(record) == "D"


def _is_second_debet(ctx: Context, record: Record, group: Group) -> bool:
    return ctx.dc(record) == "D" and bool(record.values.get("referentienummer_voorgaande"))


def _has_pairs_in_file(ctx: Context, record: Record, group: Group) -> bool:
    return bool(ctx.same_file_pairs)


def _always(ctx: Context) -> bool:
    return True


is_credit = Gate(_is_credit, in_file=lambda ctx: ctx.has_credits)
in_credit_group = Gate(_in_credit_group, in_file=lambda ctx: ctx.has_credits)
is_debet = Gate(_is_debet, in_file=_always)  # a debet may repeat one of this same file: no file-level answer
is_second_debet = Gate(_is_second_debet, in_file=lambda ctx: ctx.has_corrections)
has_pairs_in_file = Gate(_has_pairs_in_file, in_file=lambda ctx: bool(ctx.same_file_pairs))


@lru_cache(maxsize=4096, typed=True)  # a file's dates repeat (periods, birth dates)
def iso(value: object) -> str:
    """A date as ISO text (how the ledger keeps it); anything else as its text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


NO_BSN = 999999999  # STB 5.4.8: no BSN; then the BSN is not the key of the client


def prestatie_key(record: Record, begin: str, verzekerde: Record | None = None) -> str:
    """What identifies a prestatie of one client across files: its code and begindatum (the field ``begin``,
    structure.json's ``prestatie_period``); for a client without
    BSN (999999999) also the client's verzekerdennummer (or patientnummer) and geboortedatum (STB 5.4.8), so
    two such clients never share a key."""
    v = record.values
    # a standard whose prestatierecord has no prestatiecode (GGZ DBC 181 v1: a declaratiecode) is known by its
    # begindatum and BSN alone
    key = f"{v.get('prestatiecodelijst', '')}|{v.get('prestatiecode', '')}|{iso(v[begin])}"
    if v.get("bsn") == NO_BSN and verzekerde is not None:
        client = verzekerde.values.get("verzekerdennummer") or verzekerde.values.get("patientnummer") or ""
        key = f"{client}|{iso(verzekerde.values.get('geboortedatum'))}|{key}"
    return key


def _differing(ctx: Context, rtype: str, a: str, b: str) -> str | None:
    """The first field key (not exempt by STB 5.4.9) whose text differs between two lines."""
    exempt = ctx.message.structure["credit_exempt_fields"]
    for f in ctx.message.records[rtype].fields:
        if f.key in exempt:
            continue
        if a[f.start - 1:f.end] != b[f.start - 1:f.end]:
            return f.key
    return None


def same_file(ctx: Context, record: Record, group: Group) -> Findings:
    dc = ctx.dc(record)
    v = record.values
    ref = v["referentienummer_voorgaande"] if dc == "C" else v["referentienummer"]
    if dc in ("D", "C") and ref and ref in ctx.same_file_pairs and not (dc == "D" and v["referentienummer_voorgaande"]):
        return [ctx.finding("credit.same-file", record, ctx.message.structure["dc_field"][record.rtype],
                            f"debet {ref!r} and its credit are both in this file")]
    return NO_FINDINGS


def _original(ctx: Context, record: Record) -> Line | None:
    ref = record.values["referentienummer_voorgaande"]
    return ctx.state.line(ctx.message.structure["prestatie"], ref) if ref else None


def no_debet(ctx: Context, record: Record, group: Group) -> Findings:
    if ctx.dc(record) != "C" or record.values["referentienummer_voorgaande"] in ctx.same_file_pairs:
        return NO_FINDINGS
    original = _original(ctx, record)
    if original is None or original.dc != "D":
        return [ctx.finding("credit.no-debet", record, "referentienummer_voorgaande")]
    return NO_FINDINGS


def _credit_target(ctx: Context, record: Record) -> Line | None:
    """The approved, not yet credited debet this credit line may be judged against."""
    if ctx.dc(record) != "C" or record.values["referentienummer_voorgaande"] in ctx.same_file_pairs:
        return None
    original = _original(ctx, record)
    if original is None or original.dc != "D" or original.status != LINE_APPROVED or original.credited:
        return None
    return original


def rejected_debet(ctx: Context, record: Record, group: Group) -> Findings:
    if ctx.dc(record) != "C" or record.values["referentienummer_voorgaande"] in ctx.same_file_pairs:
        return NO_FINDINGS  # a debet in this same file is rejected by credit.same-file, not as an earlier rejection
    original = _original(ctx, record)
    if original is not None and original.dc == "D" and original.status != LINE_APPROVED:
        return [ctx.finding("credit.rejected-debet", record, "referentienummer_voorgaande")]
    return NO_FINDINGS


def already_credited(ctx: Context, record: Record, group: Group) -> Findings:
    if ctx.dc(record) != "C":
        return NO_FINDINGS
    original = _original(ctx, record)
    if original is not None and original.dc == "D" and original.status == LINE_APPROVED and original.credited:
        return [ctx.finding("credit.already-credited", record, "referentienummer_voorgaande")]
    return NO_FINDINGS


def credit_amount(ctx: Context, record: Record, group: Group) -> Findings:
    """Per tariefrecord: the credit's declaratiebedrag is the toegekend bedrag of the tariefrecord it credits
    (STB 5.4.9: 'dit bedrag is gelijk aan het toegekende bedrag van de debetregel'; no partial credit)."""
    if _credit_target(ctx, group.prestatie.record) is None:
        return NO_FINDINGS
    ref = record.values["referentienummer_voorgaande"]
    debet = ctx.state.line(record.rtype, ref) if isinstance(ref, str) and ref else None
    if debet is not None and record.values["declaratiebedrag"] != abs(debet.toegekend):
        return [ctx.finding("credit.amount", record, "declaratiebedrag",
                            f"credit of {record.values['declaratiebedrag']} eurocent, the debet was granted "
                            f"{abs(debet.toegekend)}")]
    return NO_FINDINGS


def credit_differs(ctx: Context, record: Record, group: Group) -> Findings:
    """Each record of a credit is compared with its own record in the debet, so the finding
    (and the JW322 retourcode) lands on the record that differs."""
    original = _credit_target(ctx, group.prestatie.record)
    if original is None or original.text is None:
        return NO_FINDINGS
    prestatie_type = ctx.message.structure["prestatie"]
    if record.rtype == prestatie_type:
        key = _differing(ctx, prestatie_type, record.line, original.text) if record.line is not None else None
        if key is not None:
            return [ctx.finding("credit.differs", record, key, f"{key} differs from the debet line {original.ref!r}")]
        return NO_FINDINGS
    debet_children = {record_type(line) + "|" + _child_ref(ctx, line): line for line in original.children
                      if record_type(line) in ctx.message.records}  # a damaged ledger line matches nothing
    ref = record.get("referentienummer_voorgaande") or ""
    match = debet_children.get(f"{record.rtype}|{ref}")
    if match is None or record.line is None:
        return [ctx.finding("credit.differs", record, "referentienummer_voorgaande",
                            "this record has no matching record in the credited debet")]
    key = _differing(ctx, record.rtype, record.line, match)
    if key is not None:
        return [ctx.finding("credit.differs", record, key, f"{key} differs from the debet's record")]
    return NO_FINDINGS


def _child_ref(ctx: Context, line: str) -> str:
    f = ctx.message.records[record_type(line)]["referentienummer"]
    return line[f.start - 1:f.end].rstrip(" ")


def credit_incomplete(ctx: Context, record: Record, group: Group) -> Findings:
    original = _credit_target(ctx, record)
    if original is None:
        return NO_FINDINGS
    have = [child.record.rtype for child in group.prestatie.children()]
    want = [record_type(line) for line in original.children]
    for rtype in sorted(set(want)):
        if have.count(rtype) < want.count(rtype):
            return [ctx.finding("credit.incomplete", record, "referentienummer_voorgaande",
                                f"the debet had {want.count(rtype)} record(s) {rtype}, the credit {have.count(rtype)}")]
    return NO_FINDINGS


def already_declared(ctx: Context, record: Record, group: Group) -> Findings:
    if ctx.dc(record) != "D" or type(record.values["bsn"]) is not int:
        return NO_FINDINGS
    ref = record.values["referentienummer_voorgaande"]
    if ref:
        original = ctx.state.line(ctx.message.structure["prestatie"], ref)
        active = original if _approved_debet(original) and not original.credited else None
    else:  # a 2nd debet may also follow its credit in this file without naming it (STB 5.4.9)
        if not ctx.state.may_hold_debet(record.values["bsn"]):
            return NO_FINDINGS
        active = ctx.state.active_debet(record.values["bsn"], prestatie_key(record, ctx.message.structure["prestatie_period"][0],
                                                                     group.verzekerde))
        if active is not None and active.ref in ctx.credited_here:
            return NO_FINDINGS
    if active is not None:
        return [ctx.finding("debet.already-declared", record, "referentienummer",
                            f"prestatie already declared as {active.ref!r} and not credited")]
    return NO_FINDINGS


def _approved_debet(line: Line | None) -> bool:
    return line is not None and line.dc == "D" and line.status == LINE_APPROVED


def unknown_original(ctx: Context, record: Record, group: Group) -> Findings:
    if not _approved_debet(_original(ctx, record)):
        return [ctx.finding("debet.unknown-original", record, "referentienummer_voorgaande")]
    return NO_FINDINGS


def period_changed(ctx: Context, record: Record, group: Group) -> Findings:
    original = _original(ctx, record)
    if not _approved_debet(original) or not original.credited:
        return NO_FINDINGS  # unknown or still active originals are other rules' findings
    begin, end = ctx.message.structure["prestatie_period"]
    if (iso(record.values[begin]), iso(record.values[end])) != (original.begindatum, original.einddatum):
        return [ctx.finding("debet.period-changed", record, begin,
                            f"period differs from the original debet {original.ref!r} "
                            f"({original.begindatum} - {original.einddatum})")]
    return NO_FINDINGS
