"""The rows of an uitval report: one per finding on a returned record, with the client and claim it is about.

A back-office person searches an uitval list by client (BSN, name, geboortedatum), by
claim (prestatiecode and period, referentienummer) and by retourcode. The receiver's
findings name a line and a rubriek; :func:`file_report` adds what that line is about by
walking the JW321 once (the last verzekerdenrecord and prestatierecord above each line)
and the amounts of the JW322 retour block.

Which records get a row (the interpretation jwgen chose):

* every finding of the receiver: a record that is rejected gets one row per finding
  (a record with two findings gets two rows, so a filter on retourcode finds both);
  file-level findings (voorloop-, sluitrecord, structure) get a row too;
* every returned record that was not assessed because a record it refers to (its
  verzekerde) was rejected: retourcode 8002, one row each;
* records returned only as context with 0200 (the verzekerde of a rejected prestatie,
  every approved record VECOZO returns) get no row: the rejected row shows their data.

Everything here is plain data (str, int eurocent, date); the writers (xlsx, csv, html)
only format it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from ..domain import (APPROVED as APPROVED_FILE, CODE_APPROVED, CODE_NO_REMARK, CODE_NOT_ASSESSED, FORWARDED, PARTIAL,
                      REJECTED_FILE, REJECTED_RECORDS, UNRECOGNISED)
from ..model import Record, dc_of, record_amount, signed
from ..spec import Spec, load_spec
from .money import as_date

NOT_ASSESSED, NO_REMARK, APPROVED = CODE_NOT_ASSESSED, CODE_NO_REMARK, CODE_APPROVED
REJECTED, NOT_JUDGED, FILE_REJECTED = "Afgewezen", "Niet beoordeeld", "Bestand afgewezen"

#: The columns of the uitval sheet and csv: (key, Dutch header, kind). Kinds: text, int, date, money.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("bsn", "BSN", "text"),
    ("naam", "Naam cliënt", "text"),
    ("geboortedatum", "Geboortedatum", "date"),
    ("prestatiecode", "Prestatiecode", "text"),
    ("begindatum", "Begindatum prestatie", "date"),
    ("einddatum", "Einddatum prestatie", "date"),
    ("referentienummer", "Referentienummer", "text"),
    ("referentienummer_voorgaande", "Referentienummer voorgaande", "text"),
    ("recordtype", "Recordtype", "text"),
    ("regel", "Regel", "int"),
    ("rubriek", "Rubriek", "text"),
    ("rubrieknaam", "Rubrieknaam", "text"),
    ("waarde", "Gevonden waarde", "text"),
    ("retourcode", "Retourcode", "text"),
    ("betekenis", "Betekenis", "text"),
    ("wat_te_doen", "Wat te doen", "text"),
    ("uitkomst", "Uitkomst", "text"),
    ("ingediend", "Ingediend", "money"),
    ("toegekend", "Toegekend", "money"),
    ("controle", "Controle (jwgen)", "text"),
    ("toelichting", "Toelichting (Engels)", "text"),
)

#: Status of the receiver's answer, as a back office says it ({receiver}, {declaration}, {retour}: the standard's).
STATUS_NL = {
    APPROVED_FILE: "Volledig toegewezen",
    PARTIAL: "Gedeeltelijk afgewezen",
    REJECTED_RECORDS: "Records afgewezen (VECOZO stuurt het hele bestand terug)",
    REJECTED_FILE: "Bestand afgewezen",
    FORWARDED: "Technisch goedgekeurd en doorgestuurd naar de {receiver} (geen {retour} van VECOZO)",
    UNRECOGNISED: "Niet herkend als {declaration} (geen {retour} mogelijk)",
}


@dataclass
class Row:
    """One uitval row; keys as in :data:`COLUMNS`."""

    values: dict[str, Any]
    part: str = ""  # which file of a set (step or case); '' for a single file

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class FileReport:
    """The uitval of one JW321: what it is (summary), its rows, and the retourcodes used."""

    label: str
    summary: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    codes: list[dict[str, str]] = field(default_factory=list)  # every retourcode used, with its meaning


# ---------------------------------------------------------------- texts

def what_to_do(rule_id: str, spec: Spec) -> str:
    """What the sender should do after this rule's finding, in Dutch (rules.json ``wat_te_doen``; the English
    ``action`` for a rule of someone's own data that has no Dutch text)."""
    rule = spec.rules.get(rule_id) or {}
    return rule.get("wat_te_doen") or rule.get("action", "")


def meaning(code: str, spec: Spec) -> str:
    return (spec.retourcodes.get(code) or {}).get("meaning", "")


@lru_cache(maxsize=8)
def _rubriek_names(spec: Spec) -> Mapping[str, str]:
    return {f.id: f.name for message in (spec.declaration, spec.retour) for layout in message.records.values()
            for f in layout.fields}


def client_name(record: Record | None) -> str:
    """'Oosterhout, B.' or 'Berg, J.P. van den': surname first, as a back office sorts."""
    if record is None:
        return ""
    naam = str(record.values.get("naam_01") or "").strip()
    voorvoegsel = str(record.values.get("voorvoegsel_01") or "").strip()
    letters = "".join(f"{c}." for c in str(record.values.get("voorletters") or "") if c.isalpha())
    rest = " ".join(p for p in (letters, voorvoegsel) if p)
    return f"{naam}, {rest}" if naam and rest else naam or rest


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _bsn(value: Any) -> str:
    if type(value) is int:
        return f"{value:09d}"
    return _text(value)


# ---------------------------------------------------------------- walking the JW321

@dataclass
class _Context:
    verzekerde: Record | None
    prestatie: Record | None
    record: Record


def _contexts(records: Sequence[Record], spec: Spec) -> tuple[dict[int, _Context], dict[int, int]]:
    """Per line: the verzekerde and prestatie it belongs to; per prestatie line: its amount (signed eurocent)."""
    structure = spec.declaration.structure
    verzekerde_t, prestatie_t = structure["verzekerde"], structure["prestatie"]
    children = set(structure["prestatie_children"])
    comment_t, debiteur_t = structure["comment"], structure["debiteur"]
    out: dict[int, _Context] = {}
    amounts: dict[int, int] = {}
    verzekerde = prestatie = None
    for record in records:
        rtype = record.rtype
        if rtype == verzekerde_t:
            verzekerde, prestatie = record, None
        elif rtype == prestatie_t:
            prestatie = record
            amounts[record.number or 0] = 0
        elif rtype in children:
            if prestatie is not None:
                amounts[prestatie.number or 0] += record_amount(record, structure)
        elif rtype == debiteur_t:
            prestatie = None
        elif rtype != comment_t:  # voorloop, sluit
            verzekerde = prestatie = None
        if record.number is not None:
            out[record.number] = _Context(verzekerde, prestatie, record)
    return out, amounts


def _retour_amounts(jw322: bytes | None, returned_lines: Sequence[int], jw321_lines: Mapping[int, Record],
                    spec: Spec, form: Any = None) -> dict[int, tuple[int, int]]:
    """JW321 line -> (berekend, toegekend) signed eurocent, read from the JW322's retour blocks."""
    if not jw322:
        return {}
    from ..flatfile import scan

    result = scan(jw322, spec.retour, form=form)
    fields = spec.retour.structure["amount_fields"]
    echo = spec.declaration.record_length
    out: dict[int, tuple[int, int]] = {}
    body = result.records[1:-1]
    for line, record in zip(returned_lines, body):
        keys = fields.get(record.rtype)
        sent = jw321_lines.get(line)
        if not keys or sent is None or (record.line or "")[:echo] != (sent.line or "")[:echo]:
            continue
        v = record.values
        out[line] = (signed(v.get(keys[0]), v.get(keys[1])), signed(v.get(keys[2]), v.get(keys[3])))
    return out


# ---------------------------------------------------------------- one file

def _line(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _returned(raw: Any) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for line, codes in (raw or {}).items() if isinstance(raw, Mapping) else ():
        number = _line(line)
        if number is not None:
            out[number] = [codes] if isinstance(codes, str) else [str(c) for c in codes or ()]
    return dict(sorted(out.items()))


def file_report(jw321: bytes, expected: Mapping[str, Any], label: str = "", jw322: bytes | None = None,
                spec: Spec | None = None, profile: str | None = None, form: Any = None) -> FileReport:
    """The uitval of one file from its bytes and the receiver's answer.

    ``expected`` has the shape of a fixture manifest's ``expected`` (and of ``jwgen validate --json``):
    status, voorloop_codes, retourcodes (JW321 line -> codes of returned records), findings (rows of
    :func:`jwgen.report.uitval_rows`), ingediend, toegekend. ``jw322``: the answer, for the amounts
    of the returned records. ``form``: the character set the file is written in (default the standard's).
    """
    from ..flatfile import scan

    spec = spec or load_spec()
    message = spec.declaration
    structure = message.structure
    names = structure["names"]
    result = scan(jw321, message, form=form)
    records = result.records
    by_line = {r.number: r for r in records if r.number is not None}
    contexts, prestatie_amounts = _contexts(records, spec)
    returned = _returned(expected.get("returned", expected.get("retourcodes")))
    retour = _retour_amounts(jw322, list(returned), by_line, spec, form)
    status = str(expected.get("status") or "")
    file_level = status == REJECTED_FILE
    rubrieken = _rubriek_names(spec)

    def context_values(line: int | None, rtype: str | None) -> dict[str, Any]:
        ctx = contexts.get(line) if line is not None else None
        record = ctx.record if ctx else None
        rtype = rtype or (record.rtype if record else None)
        values: dict[str, Any] = {"regel": line, "recordtype": f"{rtype} {names.get(rtype, '')}".strip() if rtype
                                  else "bestand"}
        if ctx is None:
            return values
        v, p = ctx.verzekerde, ctx.prestatie
        if v is not None:
            values.update(bsn=_bsn(v.values.get("bsn")), naam=client_name(v),
                          geboortedatum=as_date(v.values.get("geboortedatum")))
        elif record is not None and "bsn" in record.values:
            values["bsn"] = _bsn(record.values.get("bsn"))
        if p is not None:
            values.update(prestatiecode=_text(p.values.get("prestatiecode")),
                          begindatum=as_date(p.values.get("begindatum_prestatie")),
                          einddatum=as_date(p.values.get("einddatum_prestatie")))
            own = record if record is not None and "referentienummer" in record.values else p
            values.update(referentienummer=_text(own.values.get("referentienummer")),
                          referentienummer_voorgaande=_text(own.values.get("referentienummer_voorgaande")))
            if p.number is not None:  # the prestatie's own amounts, for a view that shows them once per prestatie
                values.update(prestatie_regel=p.number, prestatie_ingediend=prestatie_amounts.get(p.number, 0),
                              prestatie_toegekend=retour.get(p.number, (0, 0))[1])
        if record is not None and line is not None:
            if record.rtype == structure["prestatie"]:
                values["ingediend"] = prestatie_amounts.get(line, 0)
            elif record.rtype in structure["amount_source"]:
                values["ingediend"] = record_amount(record, structure)
            if "ingediend" in values:
                values["toegekend"] = retour.get(line, (0, 0))[1]
            values["dc"] = _text(dc_of(record, structure))
        return values

    rows: list[Row] = []
    for finding in expected.get("findings") or ():
        f = finding if isinstance(finding, Mapping) else {}
        line = _line(f.get("record"))
        rtype = str(f.get("type") or "")[:2] or None
        if rtype is not None and not rtype.isdigit():
            rtype = None
        code = str(f.get("retourcode") or "")
        rubriek = str(f.get("rubriek") or "")
        rule = str(f.get("rule") or "")
        values = context_values(line, rtype)
        values.update(rubriek=rubriek, rubrieknaam=rubrieken.get(rubriek, ""), waarde=_text(f.get("value")),
                      retourcode=code, betekenis=str(f.get("meaning") or meaning(code, spec)),
                      wat_te_doen=what_to_do(rule, spec) if rule else str(f.get("action") or ""),
                      uitkomst=FILE_REJECTED if file_level else REJECTED, controle=rule,
                      toelichting=str(f.get("detail") or ""))
        rows.append(Row(values))
    for line, codes in returned.items():
        ctx = contexts.get(line)
        if NOT_ASSESSED not in codes:
            continue
        values = context_values(line, ctx.record.rtype if ctx else None)
        parent = ctx.verzekerde.number if ctx and ctx.verzekerde is not None else None
        values.update(retourcode=NOT_ASSESSED, betekenis=meaning(NOT_ASSESSED, spec), uitkomst=NOT_JUDGED,
                      wat_te_doen=(f"Herstel eerst de afgewezen verzekerde (regel {parent}) en dien deze regel "
                                   "daarna opnieuw in." if parent else
                                   "Herstel eerst het afgewezen record waar deze regel bij hoort en dien hem "
                                   "daarna opnieuw in."),
                      toelichting=f"not assessed: the verzekerdenrecord on line {parent} is rejected" if parent
                      else "not assessed")
        rows.append(Row(values))
    rows.sort(key=lambda r: (r["regel"] if r["regel"] is not None else -1))

    voorloop = records[0] if records and records[0].rtype == structure["voorloop"] else None
    summary = _summary(label, voorloop, expected, status, profile, len(result.lines), returned, rows, spec)
    return FileReport(label, summary, rows, _codes_used(expected, returned, rows, spec))


def status_text(status: str, spec: Spec) -> str:
    """:data:`STATUS_NL` of a status, in the standard's words (its receiver and messages)."""
    return STATUS_NL.get(status, status).format(receiver=spec.standard.receiver["name"],
                                                declaration=spec.declaration.name, retour=spec.retour.name)


def _receiver_code(v: Mapping[str, Any], spec: Spec) -> str:
    """The code of the receiver the file is for: the gemeentecode (JW321) or UZOVI-nummer (GZ321)."""
    value = v.get(spec.declaration.structure["receiver_key"])
    return f"{value:04d}" if type(value) is int else _text(value)


def _summary(label: str, voorloop: Record | None, expected: Mapping[str, Any], status: str, profile: str | None,
             lines: int, returned: Mapping[int, list[str]], rows: list[Row], spec: Spec) -> dict[str, Any]:
    v = voorloop.values if voorloop is not None else {}
    per_code: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = per_code.setdefault(row["retourcode"], {"rows": 0, "records": set()})
        entry["rows"] += 1
        entry["records"].add(row["regel"])
    return {
        "bestand": label,
        "factuurnummer": _text(v.get("factuurnummer_declarant")),
        "zorgverlenerscode": _text(v.get("zorgverlenerscode")),
        "praktijkcode": _text(v.get("praktijkcode")),
        "gemeentecode": _receiver_code(v, spec),
        "periode_begin": as_date(v.get("begindatum_declaratieperiode")),
        "periode_eind": as_date(v.get("einddatum_declaratieperiode")),
        "dagtekening": as_date(v.get("dagtekening_factuur")),
        "ontvanger": profile or str(expected.get("profile") or ""),
        "status": status,
        "status_tekst": status_text(status, spec),
        "voorloop_codes": ", ".join(str(c) for c in expected.get("voorloop_codes") or ()),
        "ingediend": _int(expected.get("ingediend")),
        "toegekend": _int(expected.get("toegekend")),
        "records": lines,
        "geretourneerd": len(returned),
        "uitvalregels": len(rows),
        "afgewezen_records": len({r["regel"] for r in rows if r["uitkomst"] != NOT_JUDGED}),
        "per_code": {code: {"rows": e["rows"], "records": len(e["records"])} for code, e in per_code.items()},
    }


def _int(value: Any) -> int:
    return value if type(value) is int else 0


def _codes_used(expected: Mapping[str, Any], returned: Mapping[int, list[str]], rows: list[Row],
                spec: Spec) -> list[dict[str, str]]:
    seen: dict[str, None] = {}
    for code in [*(expected.get("voorloop_codes") or ()), *(c for cs in returned.values() for c in cs),
                 *(row["retourcode"] for row in rows)]:
        if code:
            seen.setdefault(str(code))
    return [{"code": code, "meaning": meaning(code, spec), "class": (spec.retourcodes.get(code) or {}).get("class", ""),
             "source": (spec.retourcodes.get(code) or {}).get("source", "")} for code in sorted(seen)]


def outcome_expected(outcome: Any, spec: Spec | None = None) -> dict[str, Any]:
    """A receiver :class:`~jwgen.controle.Outcome` in the shape :func:`file_report` reads."""
    from .uitval import uitval_rows

    return {"status": outcome.status, "profile": outcome.profile, "voorloop_codes": list(outcome.voorloop_codes),
            "retourcodes": {str(line): codes for line, codes in outcome.returned.items()},
            "ingediend": outcome.ingediend, "toegekend": outcome.toegekend,
            "findings": uitval_rows(outcome, spec)}


def merge(reports: Iterable[FileReport]) -> list[FileReport]:
    """Reports of a set (steps or cases) in order, each row marked with its part."""
    out = []
    for report in reports:
        for row in report.rows:
            row.part = report.label
        out.append(report)
    return out
