"""Compare two JW322 answers by meaning, not bytes: what another implementation must agree on.

Two answers agree when they return the same records (matched by their JW321
content, positions 1-310) with the same retourcodes per record (order within a
record and record order do not matter), the same voorlooprecord (positions
1-310) with the same set of retourcodes, and a sluitrecord with the same counts
and totals. Referentienummer gemeente and dagtekening retourbericht are the
receiver's own and are ignored, as are per-record amounts. No JW322 (no file,
or an empty one) is an answer too: VECOZO forwards a valid file without one, and
a file without a recognisable voorlooprecord gets none. The actual answer's own format problems (a
record's length, its line ends) are differences where the expected answer does not have them too: a file
compared with itself always agrees.

>>> from jwgen.sets import build_case
>>> answer = build_case(["bsn-invalid"], seed=1).outcome.jw322
>>> compare(answer, answer).agree
True
>>> compare(answer, None).differences
['no JW322 was written, one was expected']
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..flatfile import scan
from ..model import Record
from ..spec import Spec, load_spec, message_of

#: How many characters of a record are the sender's own (JW321 record length).
#: Differences listed per comparison before "... and N more".
MAX_DIFFERENCES = 50


class Unreadable(Exception):
    """The bytes are not a JW322 at all (no voorlooprecord first, no sluitrecord last)."""


@dataclass
class Returned:
    """One returned detail record of a JW322."""

    rtype: str
    echo: str  # positions 1-310: the JW321 record it returns
    codes: frozenset[str]
    identificatie: object
    line: int  # line in the JW322


@dataclass
class Answer:
    """What a JW322 says, in the terms it is compared in."""

    voorloop_echo: str
    voorloop_codes: frozenset[str]
    returned: list[Returned]
    sluit: dict[str, object]
    problems: list[str] = field(default_factory=list)  # physical problems of the file itself


@dataclass
class Comparison:
    differences: list[str] = field(default_factory=list)
    unreadable: str | None = None  # the actual answer could not be read as a JW322

    @property
    def agree(self) -> bool:
        return not self.differences and self.unreadable is None

    def lines(self, limit: int | None = None) -> list[str]:
        """The differences in plain words (the unreadable reason first), at most ``limit``."""
        out = ([f"the JW322 written is malformed: {self.unreadable}"] if self.unreadable else []) + self.differences
        if limit is not None and len(out) > limit:
            return out[:limit] + [f"... and {len(out) - limit} more difference(s)"]
        return out


def _codes(record: Record, spec: Spec) -> frozenset[str]:
    codes = (record.values.get(key) for key in spec.retour.structure["retourcode_fields"])
    return frozenset(str(code).strip() for code in codes if code is not None and str(code).strip())


def read_answer(data: bytes | None, spec: Spec | None = None) -> Answer | None:
    """The answer in ``data``; None for no JW322 (None or empty). Raises :class:`Unreadable`."""
    if not data:
        return None
    spec = spec or load_spec()
    message = spec.retour
    structure = message.structure
    result = scan(data, message, limits_of=spec.declaration)  # an answer is no larger than what it answers
    problems = [f"JW322 {problem}" for problem in result.problems]
    records = result.records
    if not records or records[0].number != 1 or records[0].rtype != structure["voorloop"]:
        found = message_of(data)
        if found is not None and not found[2]:
            raise Unreadable(f"it is a {found[1].name} (a declaration), not an answer")
        reason = result.problems[0] if result.problems else "its first record is not a JW322 voorlooprecord"
        raise Unreadable(str(reason))
    if records[-1].rtype != structure["sluit"] or records[-1].number != result.count:
        raise Unreadable("its last record is not a JW322 sluitrecord")
    voorloop, sluit = records[0], records[-1]
    echo = spec.declaration.record_length  # a returned record starts with the JW321 record, unchanged
    returned = [Returned(r.rtype, (r.line or "")[:echo], _codes(r, spec), r.values.get("identificatie_detailrecord"),
                         r.number or 0) for r in records[1:-1]]
    keys = [*structure["sluit_counts"], structure["sluit_detail_total"]]
    totals = {key: sluit.values.get(key) for key in keys}
    for pair in (structure["sluit_ingediend"], structure["sluit_toegekend"]):
        totals[pair[0]] = _signed_text(sluit.values.get(pair[0]), sluit.values.get(pair[1]))
    return Answer((voorloop.line or "")[:echo], _codes(voorloop, spec), returned, totals, problems)


def _signed_text(amount: object, dc: object) -> str:
    """An amount with its D/C as one comparable text in jwgen's money format ("€ 123,45 D"); zero has
    no D/C; unreadable kept raw."""
    if type(amount) is not int or dc not in ("D", "C"):
        return f"{amount!r} {dc!r} (unreadable)"
    from ..report.money import money

    return money(amount, dc)


def _show(codes: frozenset[str]) -> str:
    return ", ".join(sorted(codes)) if codes else "(none)"


def _first_difference(a: str, b: str) -> str:
    for position, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            shown = slice(position - 1, position + 9)
            return f"position {position}: expected {a[shown]!r}, got {b[shown]!r}"
    return f"length {len(b)} instead of {len(a)}"


class _Names:
    """Plain names for records: type name, identificatie, JW321 line when the JW321 is known."""

    def __init__(self, spec: Spec, jw321: bytes | None) -> None:
        self.names = spec.declaration.structure["names"]
        self.lines: dict[str, int] = {}
        if jw321:
            text = jw321.decode("utf-8", errors="replace")
            for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
                self.lines.setdefault(line[:spec.declaration.record_length], number)

    def __call__(self, record: Returned) -> str:
        name = self.names.get(record.rtype, f"record type {record.rtype!r}")
        where = self.lines.get(record.echo)
        ident = record.identificatie if isinstance(record.identificatie, int) else None
        parts = [f"identificatie {ident}" if ident is not None else None,
                 f"JW321 line {where}" if where is not None else None]
        detail = ", ".join(p for p in parts if p)
        return f"{name} ({detail})" if detail else name


def _compare_returned(expected: list[Returned], actual: list[Returned], name: _Names) -> list[str]:
    out: list[str] = []
    pending: dict[str, list[Returned]] = defaultdict(list)
    for record in actual:
        pending[record.echo].append(record)
    unmatched_expected: list[Returned] = []
    for record in expected:
        candidates = pending.get(record.echo)
        if not candidates:
            unmatched_expected.append(record)
            continue
        got = candidates.pop(0)
        if got.codes != record.codes:
            out.append(f"{name(record)}: expected retourcodes {_show(record.codes)}, got {_show(got.codes)}")
    extra = [r for records in pending.values() for r in records]
    extra.sort(key=lambda r: r.line)
    for record in unmatched_expected:
        twin = next((r for r in extra if r.rtype == record.rtype and r.identificatie == record.identificatie), None)
        if twin is not None:
            extra.remove(twin)
            out.append(f"{name(record)} is returned with other content than the JW321 line "
                       f"({_first_difference(record.echo, twin.echo)})")
        else:
            out.append(f"{name(record)} should be returned with retourcodes {_show(record.codes)}, "
                       "but is not returned")
    for record in extra:
        out.append(f"{name(record)} is returned (retourcodes {_show(record.codes)}, JW322 line {record.line}) "
                   "but should not be")
    return out


def _new_problems(expected: list[str], actual: list[str]) -> list[str]:
    """The actual answer's format problems (record length, line ends, ...) that the expected one does not have
    too, each once: an answer compared with itself agrees, whatever its own problems."""
    left = Counter(expected)
    out = []
    for problem in actual:
        if left[problem]:
            left[problem] -= 1
        elif problem not in out:
            out.append(problem)
    return out


def compare_answers(expected: Answer | None, actual: Answer | None, spec: Spec | None = None,
                    jw321: bytes | None = None) -> list[str]:
    """Differences between two read answers, in plain words (empty: they agree)."""
    if expected is None and actual is None:
        return []
    if expected is None:
        return ["a JW322 was written, none was expected (the file gets no answer from this receiver)"]
    if actual is None:
        return ["no JW322 was written, one was expected"]
    spec = spec or load_spec()
    out = _new_problems(expected.problems, actual.problems)
    if expected.voorloop_echo != actual.voorloop_echo:
        out.append("voorlooprecord: positions 1-310 are not the JW321's voorlooprecord "
                   f"({_first_difference(expected.voorloop_echo, actual.voorloop_echo)})")
    if expected.voorloop_codes != actual.voorloop_codes:
        out.append(f"voorlooprecord: expected retourcodes {_show(expected.voorloop_codes)}, "
                   f"got {_show(actual.voorloop_codes)}")
    out.extend(_compare_returned(expected.returned, actual.returned, _Names(spec, jw321)))
    for key, want in expected.sluit.items():
        got = actual.sluit.get(key)
        if got != want:
            out.append(f"sluitrecord: {key} expected {want}, got {got}")
    return out


def compare(expected: bytes | None, actual: bytes | None, jw321: bytes | None = None,
            spec: Spec | None = None) -> Comparison:
    """Compare an expected JW322 with the one a tool wrote (None or b"": no JW322).

    An expected answer that cannot be read raises :class:`Unreadable` (it is jwgen's own);
    an unreadable actual answer is reported in :attr:`Comparison.unreadable`.
    """
    spec = spec or load_spec()
    wanted = read_answer(expected, spec)
    try:
        got = read_answer(actual, spec)
    except Unreadable as error:
        if wanted is None:
            return Comparison(["a JW322 was written, none was expected (and it is not a JW322)"])
        return Comparison(unreadable=str(error))
    differences = compare_answers(wanted, got, spec, jw321)
    if len(differences) > MAX_DIFFERENCES:
        differences = differences[:MAX_DIFFERENCES] + [f"... and {len(differences) - MAX_DIFFERENCES} more"]
    return Comparison(differences)
