"""The reference receiver: any JW321 in, the JW322 a gemeente or VECOZO must send out.

Order of work follows STB chapter 6: the file level first (physical, structure,
voorlooprecord, sluitrecord; any finding rejects the whole file and the JW322 is
voorloop + sluit), then the record level per verzekerde and per prestatie with
the return rules of table 6-3, which differ per profile:

* ``gemeente``: a rejected verzekerde-level record returns the verzekerde with its
  debiteur and comments, and all its prestatie records as 8002 (not assessed); a
  rejected prestatie-level record returns that prestatie group with its verzekerde;
  approved prestaties are not returned; a fully approved file is answered with
  voorloop (8001) + sluit.
* ``vecozo``: every record is checked; on any record-level rejection the whole file
  comes back, approved records with 0200; a file without findings is forwarded to
  the gemeente and gets no JW322 from VECOZO (STB table 6-1, stroom 1.2/1.3).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from ..flatfile import WrongExtension, assemble, recover_voorloop, scan
from ..gc_pause import paused_gc
from ..model import Declaration, Node, Prestatie, Record, Verzekerde, compute_totals, record_amount, signed
from ..domain import (APPROVED as APPROVED_FILE, CODE_APPROVED, CODE_FILE_REJECTED, CODE_GOOD_BUT_FILE_REJECTED,
                      CODE_NO_REMARK, CODE_NOT_ASSESSED, FORWARDED, LINE_APPROVED, LINE_REJECTED, PARTIAL, PASSED,
                      RECEIVER, REJECTED_FILE, REJECTED_RECORDS, UNRECOGNISED, VECOZO)
from ..errors import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from ..spec import KENMERK_LENGTH, Spec, TextForm, detect_standard, load_spec
from ._context import Context
from ._findings import Finding
from .rule_table import detail_checks, screen_of, sluit_checks, voorloop_checks
from .screens import Screen
from .credit_checks import iso, prestatie_key
from .jw322 import amounts_block, build, retour_line
from .jw322 import retour_date as _retour_date
from .ledger import FileState, Ledger, Line, scratch_ledger
from .check_runner import runner
from .condition_code import compiled
from .conditions import EngineRule
from .record_checks import Gate, Group, check_fields, fields_checker

APPROVED, NO_REMARK, NOT_ASSESSED = CODE_APPROVED, CODE_NO_REMARK, CODE_NOT_ASSESSED


@dataclass
class Outcome:
    """The receiver's answer to one file."""

    profile: str
    status: str  # approved | partial | rejected-file | rejected-records | forwarded | unrecognised
    message: str
    file_findings: list[Finding] = field(default_factory=list)
    record_findings: list[Finding] = field(default_factory=list)
    voorloop_codes: list[str] = field(default_factory=list)
    returned: dict[int, list[str]] = field(default_factory=dict)  # JW321 line -> retourcodes
    jw322: bytes | None = None
    ingediend: int = 0
    toegekend: int = 0

    @property
    def findings(self) -> list[Finding]:
        return self.file_findings + self.record_findings

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.status in PASSED else EXIT_USAGE if self.status == UNRECOGNISED else EXIT_REJECTED


def _codes(findings: Iterable[Finding]) -> list[str]:
    out: list[str] = []
    for finding in findings:
        if finding.retourcode not in out:
            out.append(finding.retourcode)
    return out[:3]


def _recognised_voorloop(lines: list[str], records: list[Record], spec: Spec, problems: list) -> Record | None:
    """STB 6.8.1: without a recognisable voorlooprecord no JW322 can be sent. A first line with a wrong kenmerk
    whose 0102/0103 name the message is one (read as such, 0002 on its 0101 added to ``problems``)."""
    recovered = recover_voorloop(lines, records, problems, spec.declaration) if lines else None
    if recovered is not None:
        return recovered
    if not lines or not records:
        return None
    first = records[0]
    if first.number != 1 or first.rtype != spec.declaration.structure["voorloop"]:
        return None
    return first


@paused_gc()
def receive(data: bytes, profile: str | None = None, ledger: Ledger | None = None, spec: Spec | None = None,
            retour_date: date | None = None, strict: bool = False, form: TextForm | None = None,
            name: str | None = None) -> Outcome:
    """The answer to one file. ``spec``: the standard (default: the one the file's 0102 names, else JW321);
    ``profile``: who answers, as that standard names it (default: its receiver, the gemeente for JW321);
    ``form``: how the receiver reads the bytes (character set, positions in characters or bytes; default the
    standard's), and it answers in the same; ``name``: the file's name, whose extension VECOZO checks."""
    spec = spec or load_spec(standard=detect_standard(data))
    profile = spec.standard.profile(profile) if profile is not None else spec.standard.receiver_profile
    durable = ledger is not None  # without a ledger of the caller's, nothing this file changes is kept
    ledger = ledger or scratch_ledger()
    with ledger.transaction():  # check and record under one write lock: one ledger never approves twice
        return _receive(data, profile, ledger, spec, retour_date, strict, durable=durable,
                        form=form or spec.standard.encoding, name=name)


def _receive(data: bytes, profile: str, ledger: Ledger, spec: Spec, retour_date: date | None,
             strict: bool = False, durable: bool = True, form: TextForm | None = None,
             name: str | None = None) -> Outcome:
    message = spec.declaration
    form = form or spec.standard.encoding
    result = scan(data, message, form=form)
    extension = spec.standard.extension
    if name is not None and spec.role(profile) == VECOZO and extension and not name.endswith(extension):
        result.problems.append(WrongExtension(f"the file {name!r} does not end in {extension!r}, the extension "
                                              f"VECOZO accepts (lowercase)"))
    voorloop = _recognised_voorloop(result.lines, result.records, spec, result.problems)
    if voorloop is None:
        reason = (str(result.problems[0]) if result.problems
                  else f"the first record is not a {message.name} voorlooprecord")
        return Outcome(profile, UNRECOGNISED, f"no recognisable voorlooprecord ({reason}); no {spec.retour.name} can "
                                                 "be sent (STB 6.8.1)")
    state = FileState(ledger, "", message.structure["prestatie"], durable=durable)
    ctx = Context(spec=spec, message=message, profile=profile, role=spec.role(profile), voorloop=voorloop, state=state,
                  strict=strict, form=form)
    state.agb = ctx.declarant
    number = voorloop["factuurnummer_declarant"]
    receiver = spec.standard.receiver
    code = voorloop.values.get(receiver["key"])
    referentienummer = (f"{'VECOZO' if ctx.role == VECOZO else receiver['reference_prefix'] + str(code).zfill(4)}"
                        f"-{number}")
    factuur = ctx.voorloop_date("dagtekening_factuur") or ctx.voorloop_date("einddatum_declaratieperiode")
    dagtekening = retour_date or _retour_date(factuur)
    sluit = result.records[-1] if result.records and result.records[-1].rtype == message.structure["sluit"] else None
    declared = 0
    if sluit is not None:
        amount_key, dc_key = message.structure["sluit_amount"]
        declared = signed(sluit[amount_key], sluit[dc_key])

    def reject_file(findings: list[Finding]) -> Outcome:
        codes = _codes(findings)
        jw322 = build(spec, voorloop, codes, [], declared, 0, referentienummer, dagtekening, form)
        return Outcome(profile, REJECTED_FILE, f"file rejected ({', '.join(codes)})", file_findings=findings,
                       voorloop_codes=codes, jw322=jw322, ingediend=declared)

    if result.problems:
        return reject_file(_reader_findings(ctx, result.problems, result.records))
    declaration, problems = assemble(result.records, message)
    if problems:
        return reject_file(_reader_findings(ctx, problems, result.records))
    assert declaration is not None
    findings: list[Finding] = []
    for rule_id, check in voorloop_checks(ctx.spec):  # in the order of rules.json
        if ctx.applies(rule_id):
            findings.extend(check(ctx))
    named = {f.key for f in findings}  # the generic field checks answer only for fields no voorloop rule named
    receiver_key = message.structure["receiver_key"]
    findings.extend(f for f in check_fields(ctx, voorloop) if f.key not in named and f.key != receiver_key)
    details = result.records[1:-1]  # the structure holds: everything between voorloop and sluit
    ctx.details = details
    totals = ctx.totals = compute_totals(details, message.structure)  # the one function the writer uses too
    for rule_id, check in sluit_checks(ctx.spec):
        if ctx.applies(rule_id):
            findings.extend(check(ctx, totals, declaration.sluit))
    if findings:
        return reject_file(findings)
    return _record_level(ctx, declaration, details, totals.amount, referentienummer, dagtekening)


def _reader_findings(ctx: Context, problems: list, records: list[Record]) -> list[Finding]:
    """The reader's and the structure's problems as findings, each naming the record type of its line (looked up
    in one table: a file missing one record of 12,000 has a problem on every line after it)."""
    types: dict[int | None, str] = {}
    for record in records:
        types.setdefault(record.number, record.rtype)
    return [_reader_finding(ctx, problem, types) for problem in problems]


def _reader_finding(ctx: Context, problem, types: dict[int | None, str]) -> Finding:
    rule = ctx.spec.rules[problem.rule]
    rtype = types.get(problem.line) if problem.line is not None else None
    rubriek = getattr(problem, "rubriek", None)
    if rtype is None and rubriek and rubriek[:KENMERK_LENGTH] in ctx.message.records:
        rtype = rubriek[:KENMERK_LENGTH]  # a line of no known type: the record it is (flatfile.kenmerk)
    return Finding(rule=problem.rule, retourcode=rule["retourcode"], line=problem.line, rtype=rtype,
                   rubriek=rubriek, key=None, value=None, message=str(problem))


def _checks_in_file(ctx: Context, rtype: str) -> tuple | None:
    """(field checker, [(check, gate, screen), ...]) of one record type: the checks that can find anything in
    this file, in the order of rules.json, the role's, without those whose gate holds nowhere in the file
    (credit rules in a file without credits) or whose screen lets no line through (every screen, in a clean
    file), each gate as its per-record test. None when the role does not check the type."""
    if rtype in ctx.message.structure["not_checked_by"].get(ctx.role, ()):
        return None  # STB table 6-3: VECOZO 'n.v.t.' on the debiteurrecord
    checks = []
    for check, when, screen in _role_checks(ctx.spec, ctx.role, rtype):
        if isinstance(when, Gate):
            if not when.in_file(ctx):
                continue
            when = when.holds
        if screen is not None and not _screened(ctx, screen):
            continue
        checks.append((check, when, screen))
    return fields_checker(ctx, rtype), tuple(checks)


def _screened(ctx: Context, screen: Screen) -> frozenset:
    """The lines of this file the screen lets through, found once per file."""
    lines = ctx.screened.get(screen)
    if lines is None:
        lines = ctx.screened[screen] = screen.lines(ctx)
    return lines


@lru_cache(maxsize=256)
def _role_checks(spec: Spec, role: str, rtype: str) -> tuple[tuple, ...]:
    """(check, gate, screen) of one record type that apply to a role, in the order of rules.json; the rules the
    condition engine runs go together, written out as one function, at the place of the first of them."""
    out: list = []
    engine_rules: list[str] = []
    first = None
    for rule_id, check, when in detail_checks(spec, rtype):
        if role not in spec.rules[rule_id]["roles"]:
            continue
        if isinstance(check, EngineRule):
            engine_rules.append(rule_id)
            if first is None:
                first = len(out)
                out.append(None)
            continue
        out.append((check, when, screen_of(rule_id)))
    if first is not None:
        run = compiled(spec, rtype, tuple(engine_rules))
        if run is None:
            del out[first]
        else:
            out[first] = (run, None, None)
    return tuple(out)


def _no_checks(ctx: Context, record: Record, group: Group) -> list[Finding]:
    return []


def _runner(ctx: Context, rtype: str) -> Callable[[Context, Record, Group], list[Finding]]:
    """The checks of one record type in this file as one function, made at its first record (ctx.checks)."""
    entry = _checks_in_file(ctx, rtype)
    run = ctx.checks[rtype] = _no_checks if entry is None else runner(entry[0], entry[1])
    return run


def _check(ctx: Context, record: Record, group: Group) -> list[Finding]:
    return (ctx.checks.get(record.rtype) or _runner(ctx, record.rtype))(ctx, record, group)


def _node_findings(ctx: Context, node: Node, group: Group, out: dict[int, list[Finding]]) -> bool:
    """Check a node's record and its comments into ``out`` (line -> findings); whether any has a finding."""
    found = out[node.record.number] = _check(ctx, node.record, group)
    any_found = bool(found)
    for comment in node.comments:
        found = out[comment.number] = _check(ctx, comment, group)
        any_found = any_found or bool(found)
    return any_found


def _credited_in_file(ctx: Context, declaration: Declaration) -> tuple[set[str], set[str]]:
    """(the debets this same file credits, the earlier debets its credits name): one pass over the prestaties,
    none in a file without credits."""
    debets, credited = set(), set()
    if not ctx.has_credits:
        return debets, credited
    for _, p in declaration.prestaties():
        dc = ctx.dc(p.record)
        if dc == "D":
            debets.add(p.record.values["referentienummer"])
        elif dc == "C":
            credited.add(p.record.values["referentienummer_voorgaande"])
    return {ref for ref in debets & credited if ref}, {ref for ref in credited if ref}


def _mentioned(ctx: Context, details: list[Record]) -> Iterator[tuple[str, str]]:
    """(rtype, referentienummer) of every line the file's records name: their own and the earlier ones."""
    prestatie_type = ctx.message.structure["prestatie"]
    for record in details:
        ref, earlier = record.values.get("referentienummer"), record.values.get("referentienummer_voorgaande")
        if isinstance(ref, str) and ref:
            yield record.rtype, ref
        if isinstance(earlier, str) and earlier:
            yield record.rtype, earlier
            yield prestatie_type, earlier


def _record_level(ctx: Context, declaration: Declaration, details: list[Record], ingediend: int,
                  referentienummer: str, dagtekening: date | None) -> Outcome:
    profile, state = ctx.profile, ctx.state
    ctx.same_file_pairs, ctx.credited_here = _credited_in_file(ctx, declaration)
    state.preload(_mentioned(ctx, details))
    codes: dict[int, list[str]] = {}  # line -> retourcodes of returned records
    all_findings: list[Finding] = []
    toegekend = 0
    vecozo = ctx.role == VECOZO
    # STB 6.8.2: VECOZO returns its approved records with a code of their own, a receiver with 0200
    good = CODE_GOOD_BUT_FILE_REJECTED if vecozo else NO_REMARK

    for verzekerde in declaration.verzekerden:
        group = Group(verzekerde.record, node=verzekerde)
        top: dict[int, list[Finding]] = {}
        top_rejected = _node_findings(ctx, verzekerde, group, top)
        if verzekerde.debiteur is not None:
            top_rejected = _node_findings(ctx, verzekerde.debiteur, group, top) or top_rejected
        if top_rejected:
            all_findings.extend(f for fs in top.values() for f in fs)
        returned_top = False

        def return_top() -> None:
            nonlocal returned_top
            if not returned_top:
                for line, found in top.items():
                    codes[line] = _codes(found) or [good]
                returned_top = True

        for prestatie in verzekerde.prestaties:
            if top_rejected and not vecozo:
                for record in prestatie.records():
                    codes[record.number] = [NOT_ASSESSED]
                _remember(ctx, prestatie, approved=False, verzekerde=verzekerde)
                continue
            pgroup = Group(verzekerde.record, prestatie)
            found: dict[int, list[Finding]] = {}
            rejected = _node_findings(ctx, prestatie, pgroup, found)
            for child in prestatie.children():
                rejected = _node_findings(ctx, child, pgroup, found) or rejected
            if rejected:
                all_findings.extend(f for fs in found.values() for f in fs)
            if rejected or vecozo:
                for line, fs in found.items():
                    codes[line] = _codes(fs) or [good]
                return_top()
            if not rejected and not top_rejected:
                toegekend += ctx.prestatie_amount(prestatie)
            _remember(ctx, prestatie, approved=not rejected and not top_rejected, verzekerde=verzekerde)
        if top_rejected or vecozo:
            return_top()

    if vecozo:
        if not all_findings:
            state.invoice = _invoice(ctx, FORWARDED)
            _only_invoice(state).commit()
            return Outcome(profile, FORWARDED, "technically approved by VECOZO and forwarded to the "
                                                 f"{ctx.spec.standard.receiver['name']}; "
                                                 f"VECOZO sends no {ctx.spec.retour.name} (STB table 6-1, stroom 1.2)",
                           ingediend=ingediend)
        returned_lines = sorted(codes)
        head = [CODE_FILE_REJECTED]  # the voorlooprecord says the file is rejected (not 0200 'geen opmerking')
        jw322 = _jw322(ctx, declaration, codes, head, ingediend, 0, referentienummer, dagtekening, vecozo=True)
        return Outcome(profile, REJECTED_RECORDS, "VECOZO rejects the whole file on record level; every record is "
                                                    "returned", record_findings=all_findings,
                       voorloop_codes=head, returned={n: codes[n] for n in returned_lines}, jw322=jw322,
                       ingediend=ingediend, toegekend=0)

    state.invoice = _invoice(ctx, "received")
    state.commit()
    status = PARTIAL if codes else APPROVED_FILE
    head = [NO_REMARK] if codes else [APPROVED]
    jw322 = _jw322(ctx, declaration, codes, head, ingediend, toegekend, referentienummer, dagtekening)
    text = ("fully approved" if not codes else
            f"partly rejected: {len({f.line for f in all_findings})} record(s) rejected, "
            f"{len(codes)} record(s) returned")
    return Outcome(profile, status, text, record_findings=all_findings, voorloop_codes=head,
                   returned={n: codes[n] for n in sorted(codes)}, jw322=jw322, ingediend=ingediend,
                   toegekend=toegekend)


def _invoice(ctx: Context, status: str) -> tuple[str, str, str, str]:
    day = ctx.voorloop_date("dagtekening_factuur")
    return (ctx.declarant, ctx.factuurnummer, day.isoformat() if day else "", status)


def _only_invoice(state: FileState) -> FileState:
    only = FileState(state.ledger, state.agb, state.prestatie_type, durable=state.durable)
    only.invoice = state.invoice
    return only


def _remember(ctx: Context, prestatie: Prestatie, approved: bool, verzekerde: Verzekerde | None = None) -> None:
    """Record this prestatie's lines in the file state (gemeente: status, amounts, text)."""
    if ctx.role != RECEIVER:
        return
    state = ctx.state
    record = prestatie.record
    values = record.values
    own = ctx.dc(record)
    dc = own if own in ("D", "C") else "D"
    status = LINE_APPROVED if approved else LINE_REJECTED
    number = ctx.factuurnummer
    children = prestatie.children()
    ref, bsn = values["referentienummer"], values["bsn"]
    begin, end = ctx.message.structure["prestatie_period"]
    agb = state.agb
    if isinstance(ref, str) and ref:
        state.add(Line(agb, record.rtype, ref, status, dc, ctx.prestatie_amount(prestatie) if approved else 0,
                       bsn if type(bsn) is int else None,
                       prestatie_key(record, begin, verzekerde.record if verzekerde is not None else None),
                       iso(values[begin]), iso(values[end]), record.line,
                       [child.record.line for child in children if child.record.line], False, number))
    structure = ctx.message.structure
    for child in children:
        ref = child.record.values["referentienummer"]
        if isinstance(ref, str) and ref:
            state.add(Line(agb, child.record.rtype, ref, status, dc,
                           record_amount(child.record, structure) if approved else 0, factuurnummer=number))
    if approved and dc == "C" and values["referentienummer_voorgaande"]:
        state.mark_credited(values["referentienummer_voorgaande"])


def _jw322(ctx: Context, declaration: Declaration, codes: dict[int, list[str]], head: list[str], ingediend: int,
           toegekend: int, referentienummer: str, dagtekening: date | None, vecozo: bool = False) -> bytes:
    spec = ctx.spec
    structure = ctx.message.structure
    returned = []
    if codes:  # a fully approved file returns no detail record
        prestaties = {p.record.number: p for _, p in declaration.prestaties() if p.record.number in codes}
    for record in declaration.details() if codes else ():
        if record.number not in codes:
            continue
        prestatie = prestaties.get(record.number)
        amount = ctx.prestatie_amount(prestatie) if prestatie is not None else record_amount(record, structure)
        block = amounts_block(spec, record.rtype, 0 if vecozo else amount, 0)
        returned.append(retour_line(spec, record, codes[record.number], block))
    return build(spec, declaration.voorloop, head, returned, ingediend, toegekend, referentienummer, dagtekening,
                 ctx.form)
