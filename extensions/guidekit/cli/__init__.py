"""The ``guidekit`` command: one entry point, one subcommand per feature.

    guidekit build       every guide as HTML, in every language
    guidekit lint        lint every command of the assembled guides
    guidekit pdf         one PDF per guide and language
    guidekit checklist   the ordered steps for one environment
    guidekit i18n        translation catalogs and their quality gate
    guidekit cmdlint     lint the commands of any Markdown/rST/AsciiDoc files
    guidekit flow        check the sequence of every guide against the state model
    guidekit schemas     export the JSON Schemas of the writer's files for editors

Each feature module has ``add_commands(subparsers)``, which adds its parser
and sets ``handler``. Errors are one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from guidekit.checklist.core import ChecklistError
from guidekit.cli import build as build_commands
from guidekit.cli import checklist as checklist_cli
from guidekit.cli import data as data_cli
from guidekit.cli import l10n as l10n_cli
from guidekit.cli import pdf as pdf_cli
from guidekit.model.errors import GuideError
from guidekit.version import __version__


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_cmdlint(commands: Any) -> None:
    parser = commands.add_parser(
        "cmdlint",
        help="lint the commands of documentation files (same as `cmdlint`)",
        add_help=False,
        prefix_chars="\0",
    )
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=_run_cmdlint)


def _run_cmdlint(args: argparse.Namespace) -> int:
    from cmdlint.cli import main as cmdlint_main
    from guidekit.model.flowlint import register_rules

    register_rules()  # `guidekit cmdlint --explain flow-requires`, --list-rules

    return cmdlint_main(args.arguments)


#: The subcommands: each adds its parser and sets ``handler``.
COMMANDS: list[Callable[[Any], None]] = [
    build_commands.add_commands,
    pdf_cli.add_commands,
    checklist_cli.add_commands,
    l10n_cli.add_commands,
    data_cli.add_commands,
    _add_cmdlint,
]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="guidekit", description="Build, check and translate the guides.")
    parser.add_argument("--version", action="version", version=f"guidekit {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status = int(args.handler(args))
        sys.stdout.flush()  # a full disk is said here, not as a traceback at exit
        return status
    except (ChecklistError, GuideError) as error:
        print(f"guidekit: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (| head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # standard output on a full disk (> /dev/full)
        if error.errno is None or error.filename is not None:
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(
            f"guidekit: error: cannot write the output: {error.strerror or error}", file=sys.stderr
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
