"""Records in file order -> declaration tree, reporting every structural problem.

The checks are those of STB 6.4.2 that follow from the logical structure
(figuur 5-1) and the physical keys (5.3.3): voorloop first and once, sluit last
and once, each detail record under its parent, tarief/zorgactiviteit/tijdsbesteding
in that order under their prestatie, commentaarrecords right after the record
whose identificatie they carry (and only after the record types of table 5-2),
identificatie detailrecord ascending from 1, no identical records, no verzekerde
without prestatie, no prestatie without tarief (where the standard's prestatie has children: MZ301's has none).
Whether a child's logical keys
match its prestatie is a record-level question (controle rule keys.link).
Each problem carries a rule id that the receiver maps to a retourcode.
"""
from __future__ import annotations

from typing import Sequence

from ..model import Declaration, Node, Prestatie, Record, Verzekerde
from ..spec import MessageLayout
from .errors import StructureError


def assemble(records: Sequence[Record], message: MessageLayout) -> tuple[Declaration | None, list[StructureError]]:
    s = message.structure
    voorloop_t, sluit_t, comment_t = s["voorloop"], s["sluit"], s["comment"]
    verzekerde_t, debiteur_t, prestatie_t = s["verzekerde"], s["debiteur"], s["prestatie"]
    children = list(s["prestatie_children"])  # their required order within a prestatie
    rank_of = {rtype: rank for rank, rtype in enumerate(children)}
    comment_parents = set(s["comment_parents"])  # STB table 5-2: commentaar on these record types only
    problems: list[StructureError] = []

    def problem(rule: str, text: str, record: Record | None, key: str | None = None) -> None:
        """``key``: the field the problem is in, named as its rubriek (e.g. 0402 identificatie detailrecord)."""
        rubriek = message.records[record.rtype][key].id if record is not None and key and \
            record.rtype in message.records and key in message.records[record.rtype] else None
        problems.append(StructureError(text, rule, line=record.number if record else None, rubriek=rubriek))

    if not records:
        problem("order.voorloop", "file has no records", None)
        return None, problems
    voorloop = records[0]
    if voorloop.rtype != voorloop_t:
        problem("order.voorloop", f"first record is type {voorloop.rtype}, not a voorlooprecord", voorloop)
    sluit = records[-1] if len(records) > 1 and records[-1].rtype == sluit_t else None
    if sluit is None:
        problem("order.sluit", "last record is not a sluitrecord", records[-1])
    body = records[1 if voorloop.rtype == voorloop_t else 0: -1 if sluit is not None else None]

    verzekerden: list[Verzekerde] = []
    verzekerde: Verzekerde | None = None
    prestatie: Prestatie | None = None
    last: Node | None = None
    child_rank = -1
    expected_id = 1
    seen_lines: set[str] = set()

    def close_prestatie(at: Record) -> None:
        if prestatie is not None and children and not prestatie.tarieven:  # a standard whose prestatie has children
            problem("structure.prestatie-without-tarief",
                    f"prestatierecord (line {prestatie.record.number}) has no tariefrecord", prestatie.record)

    def close_verzekerde(at: Record) -> None:
        close_prestatie(at)
        if verzekerde is not None and not verzekerde.prestaties:
            problem("structure.verzekerde-without-prestatie",
                    f"verzekerdenrecord (line {verzekerde.record.number}) has no prestatierecord", verzekerde.record)

    for record in body:
        rtype = record.rtype
        line = record.line
        if line is not None:
            seen = len(seen_lines)
            seen_lines.add(line)
            if len(seen_lines) == seen:  # one hash of the line, not two
                problem("structure.duplicate-record", f"record {rtype} is identical to an earlier record", record)
                continue
        if rtype == voorloop_t:
            problem("order.voorloop", "a second voorlooprecord", record)
            continue
        if rtype == sluit_t:
            problem("order.sluit", "a sluitrecord before the end of the file", record)
            continue
        if rtype == comment_t:
            if last is None:
                problem("structure.comment-orphan", "commentaarrecord before any detail record", record,
                        "identificatie_detailrecord")
            elif last.record.rtype not in comment_parents:
                problem("structure.comment-orphan", f"commentaarrecord after a record {last.record.rtype}: commentaar "
                        f"belongs to record types {', '.join(sorted(comment_parents))} only (STB table 5-2)", record,
                        "identificatie_detailrecord")
            elif record.get("identificatie_detailrecord") != last.record.get("identificatie_detailrecord"):
                problem("structure.comment-orphan",
                        f"commentaarrecord refers to identificatie {record.get('identificatie_detailrecord')!r}, "
                        f"the record before it is {last.record.get('identificatie_detailrecord')!r}", record,
                        "identificatie_detailrecord")
            elif record.get("regelnummer_vrije_tekst") != len(last.comments) + 1:
                problem("structure.comment-regelnummer",
                        f"regelnummer vrije tekst {record.get('regelnummer_vrije_tekst')!r}, "
                        f"expected {len(last.comments) + 1}", record, "regelnummer_vrije_tekst")
            else:
                last.comments.append(record)
            continue
        if record.values.get("identificatie_detailrecord") != expected_id:
            problem("keys.identificatie", f"identificatie detailrecord {record.get('identificatie_detailrecord')!r}, "
                                          f"expected {expected_id}", record, "identificatie_detailrecord")
        expected_id += 1
        node: Node
        if rtype == verzekerde_t:
            close_verzekerde(record)
            verzekerde = Verzekerde(record)
            verzekerden.append(verzekerde)
            prestatie = None
            node = verzekerde
        elif rtype == debiteur_t:
            if verzekerde is None or verzekerde.debiteur is not None or verzekerde.prestaties:
                problem("order.records", "debiteurrecord not directly after its verzekerdenrecord", record)
                continue
            node = verzekerde.debiteur = Node(record)
        elif rtype == prestatie_t:
            if verzekerde is None:
                problem("order.records", "prestatierecord before any verzekerdenrecord", record)
                continue
            close_prestatie(record)
            prestatie = Prestatie(record)
            verzekerde.prestaties.append(prestatie)
            child_rank = -1
            node = prestatie
        elif rtype in rank_of:
            rank = rank_of[rtype]
            if prestatie is None:
                problem("order.records", f"record {rtype} outside a prestatie", record)
                continue
            if rank < child_rank:  # reported, but kept in its prestatie so nothing else cascades
                problem("order.records", f"record {rtype} after a record {children[child_rank]} of the same prestatie",
                        record)
            child_rank = max(child_rank, rank)
            # a child whose link keys differ from its prestatie stays under it: the receiver answers that on the
            # record, naming the key that differs (rule keys.link), as for a BSN or receiver that differs
            node = Node(record)
            (prestatie.tarieven if rank == 0 else prestatie.zorgactiviteiten if rank == 1 else
             prestatie.tijdsbestedingen).append(node)
        else:
            problem("order.unknown-type", f"record type {rtype} has no place in a {message.name}", record)
            continue
        last = node
    if body:
        close_verzekerde(body[-1])
    if not verzekerden and not problems:
        problem("structure.no-verzekerde", "file has no verzekerdenrecord", records[-1])
    if problems:
        return None, problems
    return Declaration(voorloop, verzekerden, sluit), problems
