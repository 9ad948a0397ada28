"""What to generate: :class:`GenerateOptions`, its checks, the table :data:`GENERATOR_OPTIONS` that says
how each option is set (command-line flag, scenario key, help, kind of value), and parsers for
command-line text.

The command line (``jwgen generate``) and scenario files (``generate:``) both read the table: a new
option is a field of :class:`GenerateOptions` plus one entry of the table.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ..errors import JwgenError

if TYPE_CHECKING:  # only annotations: the command line reads the table without loading the standard
    from ..spec import Spec

Range = tuple[int, int]

#: Days between the end of the declaratieperiode and the dagtekening factuur by default.
DAGTEKENING_DELAY = 5
#: Years of the periods jwgen generates (as scenario files): the dates derived from a period (birth dates
#: decades before, dagtekening and corrections after) then stay far from date.min and date.max.
YEARS = (1900, 2099)


@dataclass(frozen=True)
class GenerateOptions:
    """Shape and content of one generated JW321.

    Counts are (min, max) ranges drawn per verzekerde (commentaren) or per
    prestatie (the others). With ``records`` set, verzekerden are added until
    the file holds exactly that many records (voorloop and sluit included), and
    ``verzekerden`` is ignored; the last verzekerde is trimmed or given extra
    tariefrecords so the count comes out exact.
    """

    verzekerden: int = 3
    prestaties: Range = (1, 3)
    tarieven: Range = (1, 2)
    zorgactiviteiten: Range = (0, 2)
    tijdsbestedingen: Range = (0, 2)
    commentaren: Range = (1, 2)
    debiteur: bool = False
    zorgactiviteit: bool = False
    tijdsbesteding: bool = False
    commentaar: bool = False
    records: int | None = None
    year: int = 2017
    month: int = 3
    receiver_code: str | None = None  # the gemeentecode (JW321) or UZOVI-nummer (GZ321); None: the standard's default
    praktijkcode: str | None = None  # None: drawn from the seed
    zorgverlenerscode: str | None = None  # None: drawn from the seed
    zorgverlenerssoort: str = "94"
    soort_bericht: str = "T"
    zonder_bsn: float = 0.0  # share of verzekerden without BSN (999999999)
    ascii: bool = False  # every text value ASCII (diacritics folded): --encoding ascii by its first name
    encoding: str | None = None  # utf-8, windows-1252, ascii; None: the standard's (JW321 UTF-8, GZ321 Windows-1252)
    reference_date: date | None = None  # dagtekening factuur; None: a few days after the period

    @property
    def begindatum(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def einddatum(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def dagtekening(self) -> date:
        return self.reference_date or self.einddatum + timedelta(days=DAGTEKENING_DELAY)

    def receiver(self, spec: Spec) -> str:
        """The code of the receiver the file is for: the option, else the standard's default (4 digits)."""
        return self.receiver_code or spec.standard.receiver["default_code"]

    def minimum_records(self) -> int:
        """Voorloop, one verzekerde with one prestatie and one tarief, sluit."""
        return 5

    def check(self, spec: Spec) -> None:
        """Raise :class:`JwgenError` with one clear line for any option the JW321 cannot hold."""
        layouts = spec.declaration.records
        max_records = spec.declaration.structure["max_records"]
        most = (max_records - 2) // 3  # each needs a verzekerde, a prestatie and a tarief; voorloop and sluit
        if not 1 <= self.verzekerden <= most:
            raise JwgenError(f"--verzekerden must be from 1 to {most} (a {spec.declaration.name} holds at most "
                             f"{max_records} records), not {self.verzekerden}")
        max_prestaties = 10 ** layouts["06"]["prestatievolgnummer"].length - 1
        for name, (low, high), floor, ceiling in (
                ("prestaties", self.prestaties, 1, max_prestaties),
                ("tarieven", self.tarieven, 1, max_records),
                ("zorgactiviteiten", self.zorgactiviteiten, 0, max_records),
                ("tijdsbestedingen", self.tijdsbestedingen, 0, max_records),
                ("commentaren", self.commentaren, 0, max_records)):
            if not floor <= low <= high <= ceiling:
                raise JwgenError(f"--{name} {low}..{high}: need {floor} <= min <= max <= {ceiling}")
        if self.records is not None and not self.minimum_records() <= self.records <= max_records:
            raise JwgenError(f"--records {self.records}: a JW321 holds {self.minimum_records()} "
                             f"(voorloop, verzekerde, prestatie, tarief, sluit) to {max_records} records")
        if self.debiteur and spec.declaration.structure["debiteur"] is None:
            raise JwgenError(f"--debiteur: {spec.standard.name} has no debiteurrecord (its layout has no such "
                             "record type)")
        self.check_common(spec)

    def check_common(self, spec: Spec) -> None:
        """The checks of the options every generator reads (the GGZ one and the layout-driven one): the period,
        the receiver, the declarant's codes, soort bericht, the character set, the reference date."""
        if not YEARS[0] <= self.year <= YEARS[1] or not 1 <= self.month <= 12:
            raise JwgenError(f"--period {self.year}-{self.month:02d}: jwgen generates periods from {YEARS[0]}-01 "
                             f"to {YEARS[1]}-12 (YYYY-MM)")
        receiver = spec.standard.receiver
        code = self.receiver(spec)
        known = spec.codes(receiver["codelist"])
        pattern = spec.pattern(receiver["codelist"])
        if (known is not None and code not in known) or (known is None and pattern and not pattern.match(code)):
            example = ", ".join(list(known)[:3]) if known else receiver["default_code"]
            raise JwgenError(f"--{receiver['name']} {code}: not a {receiver['name']} of {spec.standard.name}'s list "
                             f"{receiver['codelist']} (for example {example})")
        for name, code in (("praktijkcode", self.praktijkcode), ("zorgverlenerscode", self.zorgverlenerscode)):
            if code is not None and not re.fullmatch(r"[0-9]{8}", code):
                raise JwgenError(f"{name} {code!r} is not an AGB code of 8 digits")
        if not re.fullmatch(r"[0-9]{2}", self.zorgverlenerssoort):
            raise JwgenError(f"zorgverlenerssoort {self.zorgverlenerssoort!r} is not 2 digits")
        if self.soort_bericht not in (spec.codes("COD856-VEKT") or {}):
            raise JwgenError(f"soort bericht {self.soort_bericht!r} must be P or T")
        self.text_form(spec)  # an encoding jwgen knows, and --ascii not beside another
        if not 0.0 <= self.zonder_bsn <= 1.0:
            raise JwgenError(f"share of verzekerden without BSN must be 0..1, not {self.zonder_bsn}")
        if self.reference_date is not None and self.reference_date < self.einddatum:
            raise JwgenError(f"reference date {self.reference_date} is before the end of the "
                             f"declaratieperiode {self.einddatum}")

    def text_form(self, spec: Spec) -> Any:
        """The :class:`~jwgen.spec.TextForm` the file is written in: ``encoding`` (``ascii`` for --ascii), else the
        standard's.

        >>> from jwgen.spec import load_spec
        >>> GenerateOptions(ascii=True).text_form(load_spec()).describe()
        'ASCII, one byte per position'
        >>> GenerateOptions().text_form(load_spec(standard="GZ321")).describe()
        'Windows-1252, one byte per position'
        """
        from ..spec import encoding_name

        if self.ascii and self.encoding is not None and encoding_name(self.encoding) != "ascii":
            raise JwgenError(f"--ascii is --encoding ascii; not with --encoding {self.encoding}")
        return spec.standard.written("ascii" if self.ascii else self.encoding)

    def fitted(self, spec: Spec) -> "GenerateOptions":
        """These options for a standard that may lack a record type they ask for (GZ321 has no debiteurrecord):
        for callers that vary the shape themselves (defect bases, fuzz, strategies), not for a user's options,
        which :meth:`check` refuses.

        >>> from jwgen.spec import load_spec
        >>> GenerateOptions(debiteur=True).fitted(load_spec(standard="GZ321")).debiteur
        False
        """
        if self.debiteur and spec.declaration.structure["debiteur"] is None:
            return replace(self, debiteur=False)
        return self

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values, in a fixed order, for the manifest."""
        return {
            "verzekerden": None if self.records is not None else self.verzekerden,
            "records": self.records,
            "prestaties": list(self.prestaties),
            "tarieven": list(self.tarieven),
            "debiteur": self.debiteur,
            "zorgactiviteit": self.zorgactiviteit,
            "zorgactiviteiten": list(self.zorgactiviteiten),
            "tijdsbesteding": self.tijdsbesteding,
            "tijdsbestedingen": list(self.tijdsbestedingen),
            "commentaar": self.commentaar,
            "commentaren": list(self.commentaren),
            "period": f"{self.year:04d}-{self.month:02d}",
            "receiver_code": self.receiver_code,
            "praktijkcode": self.praktijkcode,
            "zorgverlenerscode": self.zorgverlenerscode,
            "zorgverlenerssoort": self.zorgverlenerssoort,
            "soort_bericht": self.soort_bericht,
            "zonder_bsn": self.zonder_bsn,
            "ascii": self.ascii,
            "encoding": self.encoding,
            "reference_date": self.reference_date.isoformat() if self.reference_date else None,
        }


def parse_range(text: str, option: str) -> Range:
    """``"2"`` -> (2, 2); ``"1..3"`` -> (1, 3).

    >>> parse_range("1..3", "--prestaties"), parse_range(" 2 ", "--prestaties")
    ((1, 3), (2, 2))
    >>> parse_range("3-1", "--prestaties")
    Traceback (most recent call last):
    ...
    jwgen.errors.JwgenError: --prestaties '3-1': expected N or MIN..MAX
    """
    match = re.fullmatch(r"\s*([0-9]+)\s*(?:\.\.\s*([0-9]+)\s*)?", text)
    if not match:
        raise JwgenError(f"{option} {text!r}: expected N or MIN..MAX")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    if low > high:
        raise JwgenError(f"{option} {text!r}: MIN is larger than MAX")
    return low, high


def parse_period(text: str) -> tuple[int, int]:
    """``"2017-03"`` -> (2017, 3).

    >>> parse_period("2017-03")
    (2017, 3)
    """
    match = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,2})\s*", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise JwgenError(f"--period {text!r}: expected YYYY-MM, e.g. 2017-03")
    return int(match.group(1)), int(match.group(2))


def parse_receiver_code(text: str, option: str = "--gemeente") -> str:
    """A CBS gemeentecode or an UZOVI-nummer as 4 digits: ``"363"`` -> ``"0363"``.

    >>> parse_receiver_code("363"), parse_receiver_code("GM0363")
    ('0363', '0363')
    """
    match = re.fullmatch(r"\s*(?:GM)?([0-9]{1,4})\s*", text, flags=re.IGNORECASE)
    if not match:
        raise JwgenError(f"{option} {text!r}: expected 4 digits: a CBS gemeentecode such as 0363 "
                         "(or, for GZ321, an UZOVI-nummer such as 7119)")
    return match.group(1).zfill(4)


def _encoding(text: str, flag: str) -> str:
    from ..spec import encoding_name

    try:
        return encoding_name(text)
    except JwgenError as error:
        raise JwgenError(f"{flag}: {error}") from None


# -- how each option is set ------------------------------------------------------------------------------

#: Where a scenario file sets an option: a key of ``generate:`` (scenario level or step), or a key of the
#: step itself and of the scenario's top level (the period, which later steps move on by a month each).
IN_GENERATE, IN_STEP = "generate", "step"


@dataclass(frozen=True)
class Kind:
    """The kind of value an option takes. ``name`` picks the scenario schema's check
    (:mod:`jwgen.scenario.schema`); ``parse`` turns the command line's value (typer's: text, or already an
    int, float or bool) into the option's value, naming the flag in errors; ``show`` gives the command
    line's default for the option's default value."""

    name: str
    parse: Callable[[Any, str], Any] = lambda value, flag: value
    show: Callable[[Any], Any] = lambda default: default


#: A whole number. On the command line None means "not given" (so --verzekerden and --records can be
#: told apart), the default applies.
COUNT = Kind("count", show=lambda default: None)
#: MIN..MAX or N, as a (min, max) tuple.
RANGE = Kind("range", parse=parse_range, show=lambda default: f"{default[0]}..{default[1]}")
#: True or false.
FLAG = Kind("flag")
#: A share from 0 to 1.
SHARE = Kind("share")
#: A declaratieperiode YYYY-MM, as (year, month).
PERIOD = Kind("period", parse=lambda text, flag: parse_period(text),
              show=lambda default: f"{default[0]:04d}-{default[1]:02d}")
#: A gemeentecode or UZOVI-nummer, as 4 digits.
RECEIVER = Kind("receiver", parse=lambda text, flag: parse_receiver_code(text, flag) if text else None)
#: A character set: utf-8, windows-1252, ascii (any common spelling: cp1252, UTF8).
ENCODING = Kind("encoding", parse=lambda text, flag: _encoding(text, flag) if text else None)
#: A code of one letter, in any case on the command line.
LETTER = Kind("letter", parse=lambda text, flag: text.upper())
#: Text of a fixed form (an AGB code, a code of two digits), set by library callers only.
CODE = Kind("code")
#: A date, set by library callers only.
DAY = Kind("date")


@dataclass(frozen=True)
class GeneratorOption:
    """How one option of :class:`GenerateOptions` is set: by a command-line flag of ``jwgen generate``
    (``flags``, as typer declares them), by a scenario key (``scenario``: :data:`IN_GENERATE` or
    :data:`IN_STEP`), or by neither (``internal`` says why). ``name`` is the command line's parameter and
    the scenario key; ``fields`` are the fields of :class:`GenerateOptions` it sets (the period sets two)."""

    name: str
    kind: Kind
    help: str = ""
    flags: tuple[str, ...] = ()
    scenario: str | None = None
    bounds: tuple[int, int] | None = None  # of a count in a scenario file (the command line: ``check``)
    fields: tuple[str, ...] = ()  # (): the one field called ``name``
    internal: str = ""

    @property
    def targets(self) -> tuple[str, ...]:
        return self.fields or (self.name,)

    @property
    def flag(self) -> str:
        """The flag errors name: ``--debiteur`` of ``--debiteur/--no-debiteur``."""
        return self.flags[0].split("/")[0] if self.flags else self.name

    @property
    def default(self) -> Any:
        """The default of :class:`GenerateOptions`, a tuple for an option of several fields."""
        values = [_DEFAULTS[name] for name in self.targets]
        return values[0] if len(values) == 1 else tuple(values)

    @property
    def cli_default(self) -> Any:
        return self.kind.show(self.default)

    def values(self, value: Any) -> dict[str, Any]:
        """The fields of :class:`GenerateOptions` this option's value sets."""
        if len(self.targets) == 1:
            return {self.targets[0]: value}
        return dict(zip(self.targets, value, strict=True))


_DEFAULTS = {f.name: f.default for f in fields(GenerateOptions)}

#: Every option of :class:`GenerateOptions`; scenario errors list the allowed keys in this order.
GENERATOR_OPTIONS: dict[str, GeneratorOption] = {option.name: option for option in (
    GeneratorOption("verzekerden", COUNT, "Number of verzekerden [default: 3].", ("--verzekerden",), IN_GENERATE,
                    bounds=(1, 2000)),
    GeneratorOption("prestaties", RANGE, "Prestaties per verzekerde: N or MIN..MAX.", ("--prestaties",), IN_GENERATE),
    GeneratorOption("tarieven", RANGE, "Tariefrecords per prestatie: N or MIN..MAX.", ("--tarieven",), IN_GENERATE),
    GeneratorOption("zorgactiviteiten", RANGE, "Zorgactiviteitrecords per prestatie (with zorgactiviteit).",
                    scenario=IN_GENERATE),
    GeneratorOption("tijdsbestedingen", RANGE, "Tijdsbestedingrecords per prestatie (with tijdsbesteding).",
                    scenario=IN_GENERATE),
    GeneratorOption("commentaren", RANGE, "Commentaarrecords per verzekerde (with commentaar).", scenario=IN_GENERATE),
    GeneratorOption("debiteur", FLAG, "A debiteurrecord per verzekerde.", ("--debiteur/--no-debiteur",), IN_GENERATE),
    GeneratorOption("zorgactiviteit", FLAG, "0..2 zorgactiviteitrecords per prestatie.", ("--zorgactiviteit",),
                    IN_GENERATE),
    GeneratorOption("tijdsbesteding", FLAG, "0..2 tijdsbestedingrecords per prestatie.", ("--tijdsbesteding",),
                    IN_GENERATE),
    GeneratorOption("commentaar", FLAG, "1..2 commentaarrecords per verzekerde.", ("--commentaar",), IN_GENERATE),
    GeneratorOption("records", COUNT, "Fill the file to exactly N records (voorloop and sluit included).",
                    ("--records",), IN_GENERATE, bounds=(5, 12000)),
    GeneratorOption("zonder_bsn", SHARE, "Share (0..1) of verzekerden without BSN (999999999).", ("--zonder-bsn",),
                    IN_GENERATE),
    GeneratorOption("ascii", FLAG, "Every text value ASCII (diacritics folded): --encoding ascii.", ("--ascii",),
                    IN_GENERATE),
    GeneratorOption("encoding", ENCODING, "The character set of the file: utf-8, windows-1252 or ascii (text folded "
                                          "to ASCII) [default: the standard's, UTF-8 for JW321, Windows-1252 for "
                                          "GZ321]; positions are characters in UTF-8, bytes in the others.",
                    ("--encoding",), IN_STEP),
    GeneratorOption("gemeente", RECEIVER, "The receiver: CBS gemeentecode (JW321) [default: 0363] or UZOVI-nummer "
                                          "(GZ321) [default: 7119].", ("--gemeente", "--uzovi"), IN_GENERATE,
                    fields=("receiver_code",)),
    GeneratorOption("period", PERIOD, "Declaratieperiode (one month), YYYY-MM.", ("--period",), IN_STEP,
                    fields=("year", "month")),
    GeneratorOption("soort_bericht", LETTER, "T (test) or P (productie).", ("--soort-bericht",)),
    GeneratorOption("praktijkcode", CODE, internal="drawn from the seed; a scenario's later files keep the first's"),
    GeneratorOption("zorgverlenerscode", CODE,
                    internal="drawn from the seed; a scenario's later files keep the first's"),
    GeneratorOption("zorgverlenerssoort", CODE, internal="94 (Jeugd-GGZ) unless a library caller says otherwise"),
    GeneratorOption("reference_date", DAY, internal="a few days after the period unless a library caller says "
                                                    "otherwise"),
)}


def options_from_values(values: Mapping[str, Any]) -> GenerateOptions:
    """:class:`GenerateOptions` from option values by option name (the period as (year, month)); a value
    of None, or none given, leaves the default.

    >>> options = options_from_values({"prestaties": (2, 2), "period": (2018, 12), "records": None})
    >>> options.prestaties, options.year, options.month, options.records
    ((2, 2), 2018, 12, None)
    """
    unknown = sorted(set(values) - set(GENERATOR_OPTIONS))
    if unknown:
        raise JwgenError(f"not an option of the generator: {', '.join(unknown)}")
    chosen: dict[str, Any] = {}
    for name, value in values.items():
        if value is not None:
            chosen.update(GENERATOR_OPTIONS[name].values(value))
    return GenerateOptions(**chosen)


def options_from_cli(params: Mapping[str, Any]) -> GenerateOptions:
    """:class:`GenerateOptions` from the values of ``jwgen generate``'s flags (typer's, by parameter name),
    each parsed as its kind says. Every option with a flag must be there; parameters that are no option
    (--seed, --out) are left alone.

    >>> given = {option.name: option.cli_default for option in GENERATOR_OPTIONS.values() if option.flags}
    >>> options = options_from_cli({**given, "gemeente": "GM599", "period": "2018-12", "seed": 0})
    >>> options.receiver_code, options.year, options.prestaties
    ('0599', 2018, (1, 3))
    """
    flagged = [option for option in GENERATOR_OPTIONS.values() if option.flags]
    missing = [option.name for option in flagged if option.name not in params]
    if missing:
        raise JwgenError(f"the command line has no parameter for option(s) {', '.join(missing)}")
    return options_from_values({option.name: option.kind.parse(params[option.name], option.flag)
                                for option in flagged})
