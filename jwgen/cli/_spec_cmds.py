"""``jwgen spec`` (show, import, derive) and ``jwgen show``: the standard, its sources, and any file."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from . import app, echo, layout_option, standard_option, use

LayoutOption = layout_option()
StandardOption = standard_option()


class _SpecGroup(TyperGroup):
    """``jwgen spec 04`` and ``jwgen spec --message JW322`` mean ``jwgen spec show ...``."""

    def parse_args(self, ctx, args):  # noqa: ANN001 - click's signature
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["show", *args]
        return super().parse_args(ctx, args)


spec_app = typer.Typer(cls=_SpecGroup, no_args_is_help=False, add_completion=False, rich_markup_mode=None,
                       context_settings={"help_option_names": ["-h", "--help"]},
                       help="The standard: record types and fields (show), the BER's conditions and how each is "
                            "checked (conditions), a BER importer (import), and the derivation of the built-in "
                            "layout from official BERs (derive).")
app.add_typer(spec_app, name="spec")


@spec_app.command("show")
def spec_show(
    record: Optional[str] = typer.Argument(None, help="Record type (01, 02, ...) to list field by field."),
    message: Optional[str] = typer.Option(None, "--message", "-m",
                                          help="The declaration (default) or the retour: JW321/JW322, GZ321/GZ322."),
    standard: Optional[str] = StandardOption,
    layout: Optional[Path] = LayoutOption,
) -> None:
    """List record types, or the fields of one record type with their confidence."""
    from ..errors import JwgenError
    from ..spec import load_spec

    use(layout, standard)
    spec = load_spec()
    layout_ = spec.message(message) if message else spec.declaration
    message = layout_.name
    names = spec.declaration.structure["names"]
    if record is None:
        echo(f"{message} v{layout_.version} {layout_.title} (code {layout_.cod002}), "
             f"record length {layout_.record_length}; layout: {_shown(spec.layout_source)}")
        for rtype, rec in layout_.records.items():
            official = sum(1 for f in rec.fields if f.confidence.startswith("official"))
            echo(f"  {rtype}  {names.get(rtype, ''):22} {len(rec.fields):3} fields, {official} from an official BER")
        return
    if record.isdigit() and len(record) == 1:
        record = record.zfill(2)
    if record not in layout_.records:
        raise JwgenError(f"{message} has no record type {record!r} (have {', '.join(layout_.records)})")
    echo(f"{'rubriek':7} {'start':>5} {'len':>4} {'type':4} {'use':3} {'key':38} confidence")
    for f in layout_.records[record].fields:
        echo(f"{f.id:7} {f.start:5} {f.length:4} {f.type:4} {f.use:3} {f.key:38} {f.confidence}")


@spec_app.command("conditions")
def spec_conditions(
    rubriek: Optional[str] = typer.Argument(None, help="One rubriek (e.g. 1711): its BER condition in full, and how "
                                                       "jwgen checks it."),
    classification: Optional[str] = typer.Option(None, "--class", help="Only this classification: implemented, "
                                                                        "structural or not-checkable."),
    ber: Optional[Path] = typer.Option(None, "--ber", help="Any Vektis BER export (.txt, .xls, .xlsx): the ledger its "
                                                           "own words give, by jwgen's condition phrases, before any "
                                                           "hand classification."),
    message: Optional[str] = typer.Option(None, "--message", "-m", help="With --ber: the message to take from an "
                                                                         "export of several."),
    standard: Optional[str] = StandardOption,
) -> None:
    """The condition ledger: every condition the BER states (column Constraints/condities) and what jwgen does
    with it: implemented (the checks), structural (the rules that cover it) or not checkable (why)."""
    from ..errors import JwgenError
    from ..spec import load_spec
    from ..spec.conditions import CLASSES

    use(None, standard)
    spec = load_spec()
    ledger, name = spec.conditions, spec.declaration.name
    if ber is not None:
        ledger, name = _derived_ledger(ber, message, spec.rules)
    if classification is not None and classification not in CLASSES:
        raise JwgenError(f"--class {classification!r} is not one of {', '.join(CLASSES)}")
    if rubriek is not None:
        if rubriek not in ledger:
            raise JwgenError(f"{name} rubriek {rubriek!r} has no BER condition "
                             f"(the ledger holds {len(ledger)} rubrieken)")
        _one_condition(ledger[rubriek])
        return
    counts = ledger.counts()
    echo(f"{name}: {len(ledger)} BER conditions; " +
         ", ".join(f"{n} {cls}" for cls, n in counts.items()))
    for condition in ledger.values():
        if classification is None or condition.cls == classification:
            echo(f"  {condition.rubriek} {condition.key:38} {condition.cls:13} {_how(condition)}")


def _derived_ledger(ber: Path, message: Optional[str], rules):
    """(the ledger a BER's words give, the message's name)."""
    from ..spec import build_message
    from ..spec.ber import import_ber, read_ber
    from ..spec.condition_phrases import derive
    from ..spec.conditions import build_ledger

    layout = import_ber(read_ber(ber), message)
    built = build_message(layout["standard"], layout, {})
    return build_ledger([(f"{ber.name} (derived)", {"conditions": derive(built)})], built, rules), layout["standard"]


def _how(condition) -> str:
    if condition.cls == "implemented":
        return "; ".join(f"{c.kind}" + (f" by {c.rule}" if c.rule else "") +
                         (" " + "/".join(c.directions()) if c.kind == "filled" else "") for c in condition.checks)
    if condition.cls == "structural":
        return "by " + ", ".join(condition.by)
    return condition.reason


def _value(value) -> str:
    if isinstance(value, (set, frozenset, list, tuple)):
        return "/".join(sorted(_value(v) for v in value))
    return "empty" if value in ("", None) else str(value)


def _predicate(predicate) -> str:
    if "field" in predicate:
        if "in" in predicate:
            return f"{predicate['field']} is {_value(predicate['in'])}"
        return f"{predicate['field']} {'filled' if predicate['filled'] else 'empty'}"
    if "kind" in predicate:
        return f"the prestatie is {_value(predicate['kind'])}"
    return f"records {predicate['has']} below it"


def _one_condition(condition) -> None:
    phrase = f", phrase '{condition.extra['phrase']}'" if condition.extra.get("phrase") else ""
    where = condition.source if "(derived)" in condition.source else f"{condition.source}'s conditions.json"
    echo(f"{condition.rubriek} {condition.key} (record {condition.rtype}): {condition.cls}{phrase}"
         f" (classified in {where})")
    echo(f"  BER: {' '.join(condition.text.split())}")
    for check in condition.checks:
        when = " and ".join(_predicate(p) for p in check.when)
        unless = " or ".join(_predicate(p) for p in check.unless)
        params = ", ".join(f"{k} {_value(v)}" for k, v in check.params.items() if k not in ("sample", "with"))
        echo(f"  check: {check.kind}" + (f" ({params})" if params else "")
             + (f" when {when}" if when else "") + (f" unless {unless}" if unless else "")
             + f"; rule {check.rule or 'condition.' + check.kind}" + (f" ({check.note})" if check.note else ""))
    if condition.by:
        echo(f"  covered by: {', '.join(condition.by)}")
    if condition.reason:
        echo(f"  {'not checked' if condition.cls == 'not-checkable' else 'left out'}: {condition.reason}")


def _shown(source: str) -> str:
    """A built-in layout as its path inside jwgen (the same on every machine), a user's as given."""
    from ..spec import STANDARDS

    root = str(STANDARDS)
    return "jwgen/spec/standards" + source[len(root):] if source.startswith(root) else source


@spec_app.command("import")
def spec_import(
    ber: Path = typer.Argument(..., help="A Vektis BER export: tab-separated .txt (Windows-1252), .xls or .xlsx."),
    out: Path = typer.Option(..., "--out", "-o", help="The layout file to write (JSON)."),
    message: Optional[str] = typer.Option(None, "--message", "-m",
                                          help="The message's name (JW321, GZ321, MZ302 ...); with an export of "
                                               "several messages, the one to take."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --out file."),
) -> None:
    """Import a BER export as a jwgen layout file (every rubriek with its BER columns, key and provenance)."""
    from ..output import check_file_target, write_file
    from ..spec.ber import import_ber, read_ber
    from ..spec.derive import CONFIDENCE_SCALE, dumps

    check_file_target(out, force, inputs=(ber,))
    parsed = read_ber(ber)
    layout = import_ber(parsed, message)
    name = layout["standard"]
    data = {"label": f"{name}, imported from the BER {parsed.source} (see jwgen spec --layout)",
            "about": f"Imported by `jwgen spec import` from {parsed.source}; use it with --layout.",
            "confidence_scale": CONFIDENCE_SCALE, "messages": {name: layout}}
    write_file(out, dumps(data).encode("utf-8"), force=force)
    count = sum(len(fields) for fields in layout["records"].values())
    echo(f"{out}: {name} (COD002 {layout['cod002'] or '?'}), {len(layout['records'])} record types, "
               f"{count} rubrieken, record length {layout['record_length']}; self-checks passed")


@spec_app.command("derive")
def spec_derive(
    out: Path = typer.Option(..., "--out", "-o", help="Where to write layouts.json (the built-in one is "
                                                      "jwgen/spec/standards/STANDARD/layouts.json)."),
    standard: str = typer.Option("JW321", "--standard", help="The standard whose derivation.json to apply."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --out file."),
) -> None:
    """Rebuild a standard's layout from the official BERs in jwgen/spec/sources and its derivation.json."""
    from ..output import check_file_target, write_file
    from ..spec import standard_names
    from ..spec.derive import derive_layouts, dumps, load_derivation
    from ..spec.standard_folders import handmade_names
    from ..errors import JwgenError

    standard = standard.upper()
    if standard not in standard_names():
        raise JwgenError(f"unknown standard {standard!r}; jwgen knows {', '.join(standard_names())}")
    if standard not in handmade_names():
        raise JwgenError(f"{standard} is made from its BER whole, by `jwgen standard rebuild`; spec derive makes the "
                         f"layouts of {' and '.join(handmade_names())}")
    check_file_target(out, force)
    write_file(out, dumps(derive_layouts(standard)).encode("utf-8"), force=force)
    derivation = load_derivation(standard)
    sources = derivation["declaration"]["template"]["file"], derivation["retour"]["template"]["file"]
    echo(f"{out}: {standard} layouts derived from {' and '.join(sources)}")


@app.command("show")
def show_command(
    file: Path = typer.Argument(..., help="A declaration or answer of any standard (JW321, JW322, GZ321, MZ301, ...)."),
    all_fields: bool = typer.Option(False, "--all", help="Also show empty fields and reserve."),
    standard: Optional[str] = StandardOption,
    layout: Optional[Path] = LayoutOption,
) -> None:
    """Field-by-field view of a file of any standard (JW321/JW322, GZ321/GZ322, MZ301, ...): rubriek, name, value."""
    from ..flatfile import read_limit
    from ..output import read_input
    from ..show import render
    from ..spec import load_spec

    use(layout, standard)
    data = read_input(file, limit=read_limit(load_spec().declaration))
    use(layout, standard, data)
    echo(render(data, all_fields, name=str(file)), nl=False)
