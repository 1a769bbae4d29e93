"""``cmdlint PATH...``: lint the commands of Markdown, MyST, rST, AsciiDoc and text files.

Exit status: 0 no error finding, 1 error findings, 2 usage or I/O errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cmdlint import __version__
from cmdlint.config import Config, find_pyproject, load_config, settings_reference
from cmdlint.errors import CmdlintError
from cmdlint.formats import FORMATS, render
from cmdlint.model import Severity
from cmdlint.oracle import Checkers
from cmdlint.registry import Context, Rule, UnknownRule, expand, families
from cmdlint.result_cache import ResultCache
from cmdlint.ruleset import all_rules

if TYPE_CHECKING:
    from cmdlint.engine import Selection

SUFFIXES = {".md", ".markdown", ".rst", ".rest", ".txt", ".adoc", ".asciidoc"}
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "_build", ".tox", "__pycache__"}


class InputError(CmdlintError):
    """A path that cannot be read, or a bad command line."""


def _rule_list(values: Sequence[str], rules: dict[str, Rule], option: str) -> set[str]:
    """Rule ids from ``--select``/``--ignore`` values: ids or families, comma-separated."""
    names = {r.strip() for value in values for r in value.split(",") if r.strip()}
    try:
        return expand(names, rules)
    except UnknownRule as exc:
        raise InputError(f"{option}: {exc}") from None


def explain(rules: dict[str, Rule], name: str) -> str:
    """``--explain RULE``: the rule's docstring, with its family, severity and scope."""
    found = rules.get(name)
    if found is None:
        members = sorted(families(rules).get(name, ()))
        if members:
            return f"{name}: a family of rules: {', '.join(members)}\n"
        raise InputError(f"--explain: unknown rule {name!r} (see cmdlint --list-rules)")
    state = "" if found.default else ", off unless selected"
    head = f"{found.id} ({found.family} family, {found.severity.value}{state})"
    return f"{head}\n{'=' * len(head)}\n\n{found.explanation}\n"


def collect(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    problems: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.suffix.lower() in SUFFIXES
                    and child.is_file()
                    and not (set(child.relative_to(path).parts[:-1]) & SKIP_DIRS)
                ):
                    files.append(child)
        elif path.is_file():
            files.append(path)
        elif name == "-":
            problems.append("-: standard input is not read; give files or folders")
        elif path.exists():
            problems.append(f"{name}: not a regular file (a device or a pipe)")
        elif path.is_symlink():
            problems.append(f"{name}: a link to a file that does not exist")
        else:
            problems.append(f"{name}: no such file or directory")
    return files, problems


def check_code_size(path: str, text: str, limit: int) -> None:
    """InputError, before any checker runs, for a file with more than ``limit``
    lines in its code blocks (AsciiDoc sets are bounded by their file size)."""
    from cmdlint.blocks import extract_blocks
    from cmdlint.engine import is_asciidoc

    if is_asciidoc(path):
        return
    lines = sum(len(block.lines) for block in extract_blocks(text, path))
    if lines > limit:
        raise InputError(
            f"{path}: {lines:,} lines of code blocks, limit {limit:,}; split the "
            "file or raise [tool.cmdlint] max-code-lines"
        )


def read(path: Path, limit: int) -> str:
    """A file's text, or InputError with a message that names the file (and line)."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                f"{path}: file too large ({size / 1e6:.1f} MB, limit "
                f"{limit / 1e6:.1f} MB; raise [tool.cmdlint] max-file-size)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cmdlint",
        description="Lint the shell commands, sessions and data blocks of documentation files.",
    )
    parser.add_argument("paths", nargs="*", help="files or folders (.md, .rst, .adoc, .txt)")
    parser.add_argument("--version", action="version", version=f"cmdlint {__version__}")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--select", action="append", default=[], help="only these rules")
    parser.add_argument("--ignore", action="append", default=[], help="skip these rules")
    parser.add_argument("--from", dest="from_version", help="release the guide starts from")
    parser.add_argument("--to", dest="to_version", help="release the guide ends on")
    parser.add_argument("--matrix", help="version matrix (default: [tool.cmdlint] matrix)")
    parser.add_argument("--config", help="pyproject.toml with [tool.cmdlint]")
    parser.add_argument("--no-shellcheck", action="store_true", help="skip shellcheck")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="do not reuse bash -n / shellcheck results of earlier runs",
    )
    parser.add_argument("--output", "-o", help="write the report to this file")
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    parser.add_argument(
        "--print-settings-reference",
        action="store_true",
        help="print the reference of the [tool.cmdlint] settings (Markdown)",
    )
    parser.add_argument(
        "--explain", metavar="RULE", help="print what a rule finds, with a bad and a good example"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = run(args)
        sys.stdout.flush()  # a full disk or a closed pipe is said here, not at exit
        return status
    except CmdlintError as exc:
        print(f"cmdlint: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 2
    except OSError as exc:
        import errno
        import os

        if exc.filename is not None or exc.errno not in (
            errno.ENOSPC,
            errno.EPIPE,
            errno.EFBIG,
            errno.EDQUOT,
            errno.EIO,
        ):
            print(f"cmdlint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
        if not isinstance(exc, BrokenPipeError):  # the reader stopped reading: no message
            print(f"cmdlint: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 2
    except Exception as exc:
        print(f"cmdlint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    from cmdlint.engine import lint_texts

    rules = all_rules()
    reference = _reference(args, rules)
    if reference is not None:
        sys.stdout.write(reference)
        return 0
    if not args.paths:
        raise InputError("no PATH given (usage: cmdlint PATH...)")
    pyproject = Path(args.config) if args.config else find_pyproject(Path.cwd())
    config = load_config(pyproject, rules) if pyproject else Config()
    selection = _selection(args, rules, config)
    context = _context(args, config)
    files, problems = collect(args.paths)
    texts, unreadable = _read_texts(files, config)
    problems += unreadable
    findings = lint_texts(texts, context, selection) if texts else []
    _write_report(args.output, render(args.format, findings, list(texts)))
    for problem in problems:
        print(f"cmdlint: {problem}", file=sys.stderr)
    if problems:
        return 2
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def _reference(args: argparse.Namespace, rules: dict[str, Rule]) -> str | None:
    """What ``--list-rules``, ``--explain`` or ``--print-settings-reference`` prints."""
    if args.list_rules:
        return "".join(
            f"{rule.id:24} {rule.family:14} {rule.severity.value:8} {rule.summary}"
            f"{'' if rule.default else ' (off)'}\n"
            for rule in rules.values()
        )
    if args.explain:
        return explain(rules, args.explain)
    if args.print_settings_reference:
        return settings_reference()
    return None


def _selection(args: argparse.Namespace, rules: dict[str, Rule], config: Config) -> Selection:
    """The rules to run: ``--select``/``--ignore`` over the configuration's."""
    from cmdlint.engine import Selection

    return Selection(
        select=_rule_list(args.select, rules, "--select") or config.select,
        ignore=_rule_list(args.ignore, rules, "--ignore") | config.ignore,
        severity=config.severity,
    )


def _context(args: argparse.Namespace, config: Config) -> Context:
    """What the rules know: versions, checkers, limits and the version matrix."""
    from cmdlint.matrix import load_releases

    context = Context(
        from_version=args.from_version or config.from_version,
        to_version=args.to_version or config.to_version,
        use_shellcheck=config.shellcheck and not args.no_shellcheck,
        attributes=config.attributes,
        attribute_files=config.attribute_files,
        facts=config.facts,
        checkers=Checkers(ResultCache(None) if args.no_cache else ResultCache.from_environment()),
        extra={
            "max_code_lines": config.max_code_lines,
            "max_file_size": config.max_file_size,
            "include_paths": config.include_paths,
        },
    )
    matrix_path = Path(args.matrix) if args.matrix else config.matrix
    if matrix_path is not None:
        if not matrix_path.is_file():
            raise InputError(f"{matrix_path}: version matrix not found")
        context.matrix = load_releases(matrix_path)
    return context


def _read_texts(files: list[Path], config: Config) -> tuple[dict[str, str], list[str]]:
    """The text of each file within the size limits, and why the others were not read."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for path in files:
        try:
            text = read(path, config.max_file_size)
            check_code_size(str(path), text, config.max_code_lines)
            texts[str(path)] = text
        except InputError as exc:
            problems.append(str(exc))
    return texts, problems


def _write_report(output: str | None, report: str) -> None:
    """The report into ``--output``, or on standard output."""
    if output:
        try:
            Path(output).write_text(report, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{output}: cannot write the report: {exc.strerror}") from None
    else:
        sys.stdout.write(report)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
