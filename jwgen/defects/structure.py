"""Records missing, superfluous, duplicated or out of order (STB 6.4.2, PORTES level 2)."""
from __future__ import annotations

from ..flatfile import codec_for
from ..model import Node, Verzekerde
from ._base import AFTER_FINALIZE, BYTES, Case, DefectError, fields
from ._registry import defect

CRLF = b"\r\n"


def _split(data: bytes) -> list[bytes]:
    return data.split(CRLF)[:-1]


def _join(lines: list[bytes]) -> bytes:
    return CRLF.join(lines) + CRLF


def _line_of(case: Case, record) -> int:
    return case.lines()[id(record)]


@defect("duplicate-record", "Identical record twice", "structure", "structure.duplicate-record",
        "a tariefrecord stands twice, identical, one after the other", phase=BYTES)
def duplicate_record(case: Case) -> None:
    _, prestatie = case.prestatie()
    target = _line_of(case, case.amount_nodes(prestatie)[-1].record)

    def edit(data: bytes, case: Case) -> bytes:
        lines = _split(data)
        lines.insert(target, lines[target - 1])
        case.touch(None, None, line=target + 1)
        return _join(lines)
    case.byte_edits.append(edit)


@defect("verzekerde-without-prestatie", "Verzekerde without prestatie", "structure",
        "structure.verzekerde-without-prestatie", "a verzekerdenrecord is followed by no prestatierecord")
def verzekerde_without_prestatie(case: Case) -> None:
    verzekerde = case.verzekerde()
    verzekerde.prestaties.clear()
    case.touch(verzekerde.record, None)
    case.finalize()


@defect("prestatie-without-tarief", "Prestatie without tarief", "structure", "structure.prestatie-without-tarief",
        "a prestatierecord has no tariefrecord below it",
        needs=(fields("child"),))
def prestatie_without_tarief(case: Case) -> None:
    _, prestatie = case.prestatie()
    prestatie.tarieven.clear()
    case.touch(prestatie.record, None)
    case.finalize()


@defect("missing-voorloop", "No voorlooprecord", "unrecognised", (),
        "the file starts without its voorlooprecord: no JW322 can be sent (STB 6.8.1)", phase=BYTES,
        level=2)  # breaks no rule of rules.json (nothing is answered): PORTES level 2, the record order
def missing_voorloop(case: Case) -> None:
    def edit(data: bytes, case: Case) -> bytes:
        case.touch(None, None, line=1)
        return _join(_split(data)[1:])
    case.byte_edits.append(edit)


@defect("missing-sluit", "No sluitrecord", "structure", "order.sluit", "the file ends without its sluitrecord",
        phase=BYTES)
def missing_sluit(case: Case) -> None:
    def edit(data: bytes, case: Case) -> bytes:
        lines = _split(data)
        case.touch(None, None, line=len(lines))
        return _join(lines[:-1])
    case.byte_edits.append(edit)


@defect("extra-sluit", "A second sluitrecord", "structure", "order.sluit",
        "a copy of the sluitrecord stands before the last verzekerde", phase=BYTES)
def extra_sluit(case: Case) -> None:
    target = _line_of(case, case.declaration.verzekerden[-1].record)

    def edit(data: bytes, case: Case) -> bytes:
        lines = _split(data)
        lines.insert(target - 1, lines[-1])
        case.touch(None, None, line=target)
        return _join(lines)
    case.byte_edits.append(edit)


@defect("records-wrong-order", "Zorgactiviteit before tarief", "structure", "order.records",
        "a zorgactiviteitrecord stands before a tariefrecord of its prestatie (identificaties kept ascending)",
        phase=BYTES,
        needs=(fields("child2"),))
def records_wrong_order(case: Case) -> None:
    _, prestatie = case.prestatie(lambda p: bool(p.zorgactiviteiten) and not p.tarieven[-1].comments)
    tarief, zorg = prestatie.tarieven[-1].record, prestatie.zorgactiviteiten[0].record
    a, b = _line_of(case, tarief), _line_of(case, zorg)
    if b != a + 1:
        raise DefectError("records-wrong-order needs a zorgactiviteit right after the last tarief")

    def edit(data: bytes, case: Case) -> bytes:
        lines = _split(data)
        tarief_type, zorg_type = case.message.structure["prestatie_children"][:2]
        first, second = case.message.records[tarief_type], case.message.records[zorg_type]
        t = codec_for(first).decode(lines[a - 1].decode("utf-8"))
        z = codec_for(second).decode(lines[b - 1].decode("utf-8"))
        t.values["identificatie_detailrecord"], z.values["identificatie_detailrecord"] = (
            z["identificatie_detailrecord"], t["identificatie_detailrecord"])
        lines[a - 1] = codec_for(second).encode(z).encode("utf-8")
        lines[b - 1] = codec_for(first).encode(t).encode("utf-8")
        case.touch(None, None, line=a + 1)
        return _join(lines)
    case.byte_edits.append(edit)


@defect("comment-orphan", "Commentaarrecord pointing nowhere", "structure", "structure.comment-orphan",
        "a commentaarrecord carries an identificatie detailrecord no record has", phase=AFTER_FINALIZE)
def comment_orphan(case: Case) -> None:
    comments = [c for r in case.declaration.verzekerden for c in _comments(r)]
    if not comments:
        raise DefectError("comment-orphan needs a commentaarrecord (generate with commentaar)")
    comment = case.rng.choice(comments)
    comment["identificatie_detailrecord"] = 999999999999
    case.touch(comment, "identificatie_detailrecord")


def _comments(verzekerde: Verzekerde) -> list:
    nodes: list[Node] = [verzekerde] + ([verzekerde.debiteur] if verzekerde.debiteur else [])
    for prestatie in verzekerde.prestaties:
        nodes.append(prestatie)
        nodes.extend(prestatie.children())
    return [c for n in nodes for c in n.comments]


@defect("identificatie-not-ascending", "Identificatie detailrecord repeated", "structure", "keys.identificatie",
        "a tariefrecord repeats the identificatie detailrecord of the record before it", phase=AFTER_FINALIZE)
def identificatie_repeated(case: Case) -> None:
    _, prestatie = case.prestatie(lambda p: not any(n.comments for n in p.children()) and not p.comments)
    record = case.amount_nodes(prestatie)[0].record
    record["identificatie_detailrecord"] = record["identificatie_detailrecord"] - 1
    case.touch(record, "identificatie_detailrecord")


@defect("unknown-record-type", "Unknown record type", "bytes", "order.unknown-type",
        "a tariefrecord has kenmerk record 05, a type the standard does not have (another where it has 05)",
        phase=BYTES)
def unknown_record_type(case: Case) -> None:
    _, prestatie = case.prestatie()
    target = _line_of(case, case.amount_nodes(prestatie)[0].record)
    unknown = next(f"{n:02d}" for n in range(5, 98) if f"{n:02d}" not in case.message.records).encode("ascii")

    def edit(data: bytes, case: Case) -> bytes:
        lines = _split(data)
        lines[target - 1] = unknown + lines[target - 1][2:]
        case.touch(None, None, line=target)
        return _join(lines)
    case.byte_edits.append(edit)
