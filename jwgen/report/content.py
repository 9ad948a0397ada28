"""What a JW321 declares, per client: the view a person needs next to the uitval.

Per client (BSN, name, geboortedatum) the prestaties with their period, amount (the signed
sum of their tariefrecords), debet/credit, referentienummer and what the receiver did with
them. Credits and 2nd debets point at the debet line they refer to (an earlier file of the
same scenario or case, or an earlier line of the same file): :class:`Links` resolves a
referentienummer voorgaande to the anchor of that line, and gives the debet a link back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..model import Record, record_amount
from ..spec import Spec, load_spec
from .money import as_date, dutch_date, money
from ..domain import CODE_GOOD_BUT_FILE_REJECTED, FORWARDED, NOT_A_REJECTION, REJECTED_FILE, UNRECOGNISED
from .rows import NO_REMARK, NOT_ASSESSED, client_name

#: More clients than this in one file: show those with anything to see, then fill up to it.
MAX_CLIENTS = 25

STATE_TEXT = {
    "approved": "approved",
    "rejected": "rejected",
    "not-assessed": "not assessed (8002)",
    "file-rejected": "file rejected",
    "returned": "returned, not forwarded",
    "forwarded": "forwarded",
    "not-recognised": "not read",
}
STATE_TONE = {"approved": "ok", "forwarded": "ok", "rejected": "bad", "file-rejected": "bad",
              "not-assessed": "warn", "returned": "warn", "not-recognised": "grey"}


@dataclass
class Line:
    """One prestatie of the declaration."""

    anchor: str
    line: int
    code: str
    begin: str
    end: str
    amount: str
    kind: str  # debet | credit | 2nd debet
    ref: str
    ref_before: str
    state: str
    codes: str
    link: str = ""  # anchor of the line referentienummer voorgaande points at
    link_text: str = ""
    referred_by: list[dict[str, str]] = field(default_factory=list)

    @property
    def tone(self) -> str:
        return STATE_TONE.get(self.state, "grey")

    @property
    def state_text(self) -> str:
        return STATE_TEXT.get(self.state, self.state)


@dataclass
class Client:
    bsn: str
    name: str
    born: str
    line: int
    lines: list[Line] = field(default_factory=list)
    rejected: bool = False  # its verzekerdenrecord itself was rejected


@dataclass
class FileContent:
    path: str
    anchor: str
    clients: list[Client]
    hidden: int = 0  # clients not shown (more than MAX_CLIENTS)
    prestaties: int = 0
    total: str = ""


class Links:
    """Referentienummers seen so far in a scope (a scenario, or one case): ref -> its line."""

    def __init__(self) -> None:
        self.lines: dict[str, tuple[Line, str]] = {}

    def resolve(self, line: Line, where: str) -> None:
        if line.ref_before and line.ref_before in self.lines:
            target, place = self.lines[line.ref_before]
            line.link = target.anchor
            line.link_text = f"{place}, line {target.line}"
            target.referred_by.append({"anchor": line.anchor, "text": f"{line.kind} in {where}, line {line.line}"})

    def add(self, line: Line, where: str) -> None:
        if line.ref and line.ref not in self.lines:
            self.lines[line.ref] = (line, where)


def _state(status: str, codes: set[str]) -> str:
    if status == UNRECOGNISED:
        return "not-recognised"
    if status == REJECTED_FILE:
        return "file-rejected"
    if codes - NOT_A_REJECTION:
        return "rejected"
    if NOT_ASSESSED in codes:
        return "not-assessed"
    if status == FORWARDED:
        return "forwarded"
    if codes:  # returned with 0200 or 8096 only: VECOZO sends the whole file back
        return "returned"
    return "approved"


def _bsn(value: Any) -> str:
    return f"{value:09d}" if type(value) is int else str(value or "").strip()


def file_content(jw321: bytes, expected: Mapping[str, Any], path: str, anchor: str, links: Links, where: str,
                 spec: Spec | None = None, max_clients: int = MAX_CLIENTS, form: Any = None) -> FileContent:
    """The clients and prestaties of one JW321, their fate in ``expected``, linked through ``links``; read in
    ``form``, the character set it is written in (default the standard's)."""
    from ..flatfile import scan

    spec = spec or load_spec()
    structure = spec.declaration.structure
    status = str(expected.get("status") or "")
    returned: dict[int, set[str]] = {}
    raw = expected.get("retourcodes") or expected.get("returned") or {}
    for key, codes in raw.items() if isinstance(raw, Mapping) else ():
        if str(key).isdigit():
            returned[int(key)] = {codes} if isinstance(codes, str) else {str(c) for c in codes or ()}
    file_codes = {str(c) for c in expected.get("voorloop_codes") or ()}
    clients: list[Client] = []
    groups: list[tuple[Line, set[str]]] = []
    client: Client | None = None
    current: tuple[Record, list[Record]] | None = None

    def close() -> None:
        nonlocal current
        if current is None or client is None:
            current = None
            return
        record, children = current
        codes: set[str] = set()
        for r in (record, *children):
            codes |= returned.get(r.number or 0, set())
        values = record.values
        amount = sum(record_amount(c, structure) for c in children)
        dc = values.get("indicatie_debet_credit")
        kind = "credit" if dc == "C" else ("2nd debet" if str(values.get("referentienummer_voorgaande") or "").strip()
                                           else "debet")
        line = Line(anchor=f"{anchor}-l{record.number}", line=record.number or 0,
                    code=str(values.get("prestatiecode") or "").strip(),
                    begin=dutch_date(as_date(values.get("begindatum_prestatie"))),
                    end=dutch_date(as_date(values.get("einddatum_prestatie"))),
                    amount=money(amount), kind=kind, ref=str(values.get("referentienummer") or "").strip(),
                    ref_before=str(values.get("referentienummer_voorgaande") or "").strip(),
                    state=_state(status, codes | (file_codes if status == REJECTED_FILE else set())),
                    codes=", ".join(sorted(codes - {NO_REMARK, CODE_GOOD_BUT_FILE_REJECTED})))
        client.lines.append(line)
        groups.append((line, codes))
        current = None

    result = scan(jw321, spec.declaration, form=form)
    children_t = set(structure["prestatie_children"])
    for record in result.records:
        if record.rtype == structure["verzekerde"]:
            close()
            codes = returned.get(record.number or 0, set())
            client = Client(_bsn(record.values.get("bsn")), client_name(record),
                            dutch_date(as_date(record.values.get("geboortedatum"))), record.number or 0,
                            rejected=bool(codes - NOT_A_REJECTION))
            clients.append(client)
        elif record.rtype == structure["prestatie"]:
            close()
            current = (record, [])
        elif record.rtype in children_t and current is not None:
            current[1].append(record)
        elif record.rtype in (structure["sluit"], structure["voorloop"]):
            close()
    close()
    for line, _ in groups:
        links.resolve(line, where)
        links.add(line, where)
    shown = _choose(clients, max_clients)
    total = sum(record_amount(r, structure) for r in result.records if r.rtype in structure["amount_source"])
    return FileContent(path, anchor, shown, len(clients) - len(shown), len(groups), money(total))


def _choose(clients: list[Client], limit: int) -> list[Client]:
    if len(clients) <= limit:
        return clients
    interesting = {id(c) for c in clients
                   if c.rejected or any(l.state != "approved" or l.ref_before for l in c.lines)}
    chosen = [c for c in clients if id(c) in interesting]
    for c in clients:
        if len(chosen) >= max(limit, len(interesting)):
            break
        if id(c) not in interesting:
            chosen.append(c)
    keep = {id(c) for c in chosen}
    return [c for c in clients if id(c) in keep]


def returned_from_jw322(jw321: bytes, jw322: bytes | None, spec: Spec | None = None,
                        form: Any = None) -> dict[str, list[str]]:
    """JW321 line -> retourcodes of the records a JW322 returns (matched by their first 310 positions),
    for files whose manifest entry names only a status (the earlier files of a case)."""
    if not jw322:
        return {}
    from ..flatfile import scan

    spec = spec or load_spec()
    echo = spec.declaration.record_length
    lines: dict[str, list[int]] = {}
    for number, text in enumerate(scan(jw321, spec.declaration, form=form).lines, start=1):
        lines.setdefault(text[:echo], []).append(number)
    slots = spec.retour.structure["retourcode_fields"]
    out: dict[str, list[str]] = {}
    for record in scan(jw322, spec.retour, form=form).records[1:-1]:
        numbers = lines.get((record.line or "")[:echo])
        if numbers:
            codes = [str(record.values.get(slot) or "").strip() for slot in slots]
            out[str(numbers.pop(0))] = [c for c in codes if c]
    return out
