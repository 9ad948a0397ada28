"""The ``jwgen`` command line.

Exit codes (also in the README):
  0  success (validate: fully approved; check/compare: all agree)
  1  validate: (partly) rejected; check/compare: disagreements
  2  usage error, unreadable or unrecognisable input, output exists without --force
  3  internal error in jwgen (a bug; the message says so)

Heavy imports (faker, hypothesis, jinja2) happen inside the commands, so
``jwgen --help`` stays fast.
"""
from __future__ import annotations

import sys
from typing import Any

import typer
from typer.exceptions import TyperException

from ..errors import EXIT_INTERNAL, EXIT_USAGE, JwgenError

#: -h and --help on every command.
CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="jwgen",
    help="Test files for Vektis JW321 v2.0 (Declaratie Jeugd-GGZ), each with the JW322 it must get back.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"jwgen {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print jwgen's version and exit.")) -> None:
    """Test files for Vektis JW321 v2.0 (Declaratie Jeugd-GGZ), each with the JW322 it must get back."""

def layout_option():
    """``--layout FILE`` on every command that reads or writes EI files."""
    return typer.Option(None, "--layout", help="A layouts.json to use instead of the built-in one "
                                               "(e.g. made by `jwgen spec import` from your BER).")


def standard_option():
    """``--standard NAME`` on every command: JW321 (default), GZ321, ... (``jwgen standards``); files name their
    own by rubriek 0102-0104."""
    return typer.Option(None, "--standard", help="A standard `jwgen standards` lists (JW321, GZ321, MZ301, ...) "
                                                 "[default: the file's own (rubriek 0102-0104), else JW321].")


def encoding_option(reads: bool = False):
    """``--encoding utf-8|windows-1252|ascii``: the character set a file is written (or, ``reads``, read) in."""
    what = ("The character set the receiver reads: utf-8, windows-1252 or ascii [default: the standard's, "
            "UTF-8 for JW321, Windows-1252 for GZ321].") if reads else (
        "The character set of the files: utf-8, windows-1252 or ascii (every text value folded to ASCII) "
        "[default: the standard's, UTF-8 for JW321, Windows-1252 for GZ321].")
    return typer.Option(None, "--encoding", help=what, callback=_encoding_value)


def _encoding_value(value: str | None) -> str | None:
    """--encoding as jwgen spells it (cp1252 is windows-1252); one line for a set jwgen does not write."""
    from ..spec import encoding_name

    return None if value is None else encoding_name(value)


def positions_option():
    """``--positions bytes|characters``: how the receiver counts a record's 310 positions."""
    return typer.Option(None, "--positions", help="How the receiver counts a record's positions: characters or "
                                                 "bytes (a receiver that counts UTF-8 bytes finds a record with an "
                                                 "'ö' one position too long) [default: the standard's, characters "
                                                 "for JW321, bytes for GZ321].")


def profile_of(value: str | None, option: str = "--profile") -> str | None:
    """A receiver profile of the standard in use, case-insensitive (``--profile VECOZO`` is vecozo);
    None stays None (the command then takes the standard's receiver)."""
    if value is None:
        return None
    from ..errors import JwgenError
    from ..spec import load_spec

    try:
        return load_spec().standard.profile(value)
    except JwgenError as error:
        raise JwgenError(f"{option}: {error}") from None


def defect_ids(values: list[str] | None) -> list[str] | None:
    """Defect ids from a repeatable option whose values may also be comma-separated:
    ``-d a -d b,c`` is ``[a, b, c]``; None when the option was not given."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def use(layout, standard: str | None = None, data: bytes | None = None) -> None:  # noqa: ANN001 - Path or None
    """Make --layout and --standard (or, for a file read, the standard its 0102 names) what load_spec() loads."""
    from ..output import regular_file
    from ..spec import detect_standard, use_layout

    if standard is None and data is not None:
        standard = detect_standard(data)
    use_layout(regular_file(layout), standard)  # a layout is a regular file: never a FIFO that blocks


def echo_json(data: Any) -> None:
    """``--json`` output, valid JSON under any locale: jwgen's JSON text (:func:`jwgen.printable.json_text`) on a
    UTF-8 stdout; on any other (an ASCII or Latin-1 locale) plain ASCII, every other character a JSON ``\\u``
    escape (never ``\\xf6``, which JSON has not, nor Latin-1 bytes, which are no UTF-8)."""
    import codecs
    import json

    from ..printable import json_text

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if codecs.lookup(encoding).name == "utf-8":
        typer.echo(json_text(data, indent=2))
    else:
        typer.echo(json.dumps(data, indent=2))  # ASCII: everything else escaped as \\u, surrogate pairs included


def echo(text: str = "", nl: bool = True) -> None:
    """Human output: control characters from files (ESC, BEL, C1, bidi overrides) shown as escapes, and
    characters the terminal's encoding lacks (a Latin-1 or ASCII locale) as ``\u20ac``."""
    from ..printable import printable

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    text = printable(text)
    typer.echo(text.encode(encoding, "backslashreplace").decode(encoding), nl=nl)


# Command modules register themselves on ``app`` when imported.
from . import _controle_cmds, _defects_cmd, _scenario_cmds, _spec_cmds, _standard_cmds  # noqa: E402,F401
from . import _generate  # noqa: E402,F401
from . import _fuzz_cmds  # noqa: E402,F401


def _fail(message: str, code: int) -> int:
    from ..printable import printable

    print(f"jwgen: error: {printable(message, keep='')}", file=sys.stderr)  # one line, nothing raw
    return code


def main(argv: list[str] | None = None) -> int:
    """Entry point: never a traceback, always a documented exit code."""
    from ..flatfile import FlatFileError
    from ..spec import SpecError

    command = typer.main.get_command(app)
    try:
        from ..spec import use_layout

        use_layout(None, None)  # every run starts from the built-in layout (main() may be called more than once)
        result = command.main(args=argv, prog_name="jwgen", standalone_mode=False)
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        return _fail("aborted", 130)
    except TyperException as error:  # usage errors (typer's vendored click)
        if type(error).__name__ == "NoArgsIsHelpError":  # `jwgen` or `jwgen spec` alone: the help, not an error
            try:
                print(error.format_message())
            except BrokenPipeError:
                pass
            return 0
        return _fail(error.format_message(), EXIT_USAGE)
    except (JwgenError, FlatFileError, SpecError) as error:
        return _fail(str(error), getattr(error, "exit_code", EXIT_USAGE))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0
    except Exception as error:  # pragma: no cover - a bug must still not print a traceback
        return _fail(f"internal error ({type(error).__name__}: {error}); please report this", EXIT_INTERNAL)
    return result if isinstance(result, int) else 0


def run() -> None:
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `jwgen show F | head`: the reader left, that is no error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
