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

import typer
from typer.exceptions import TyperException

from ..errors import EXIT_INTERNAL, EXIT_USAGE, JwgenError

app = typer.Typer(
    name="jwgen",
    help="Test files for Vektis JW321 v2.0 (Declaratie Jeugd-GGZ), each with the JW322 it must get back.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def echo(text: str = "", nl: bool = True) -> None:
    """Human output: control characters from files (ESC, BEL, C1, bidi overrides) shown as escapes, and
    characters the terminal's encoding lacks (a Latin-1 or ASCII locale) as ``\u20ac``."""
    from ..printable import printable

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    text = printable(text)
    typer.echo(text.encode(encoding, "backslashreplace").decode(encoding), nl=nl)


# Command modules register themselves on ``app`` when imported.
from . import _controle_cmds, _defects_cmd, _scenario_cmds, _spec_cmds  # noqa: E402,F401
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
        result = command.main(args=argv, prog_name="jwgen", standalone_mode=False)
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        return _fail("aborted", 130)
    except TyperException as error:  # usage errors (typer's vendored click)
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
    sys.exit(main())
