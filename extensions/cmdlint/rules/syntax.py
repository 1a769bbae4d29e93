"""Shell syntax (bash -n as the oracle) and shellcheck, both batched over the corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from cmdlint.model import Analysis, Severity
from cmdlint.registry import Context, Hit, rule

RESERVED = r"(?:if|then|else|elif|fi|case|esac|for|select|while|until|do|done|in|function|time)"
PLAIN = re.compile(r"^(?!\s*" + RESERVED + r"\b)[\w\s./:=,+@%*?~^-]*$")


def command_scripts(analyses: Sequence[Analysis]) -> list[tuple[Analysis, int, str]]:
    """Each command of each shell block as its own script: (analysis, first script row, text)."""
    result = []
    for analysis in analyses:
        if analysis.category != "shell" or analysis.fragment or not analysis.commands:
            continue
        rows = analysis.script.split("\n")
        row = 0
        for command in analysis.commands:
            count = len(command.lines)
            result.append((analysis, row, "\n".join(rows[row : row + count]) + "\n"))
            row += count
    return result


def _start_bash(analyses: Sequence[Analysis], context: Context) -> None:
    """Start bash -n in the background on what :func:`check_syntax` will ask for."""
    if context.use_bash and any(a.category == "shell" for a in analyses):
        context.checkers.prefetch_bash(
            [text for _a, _row, text in command_scripts(analyses) if not PLAIN.match(text)]
        )


def _start_shellcheck(analyses: Sequence[Analysis], context: Context) -> None:
    """Start shellcheck in the background on what :func:`check_shellcheck` will ask for."""
    if context.use_shellcheck:
        shell = _shellcheck_blocks(analyses)
        context.checkers.prefetch_shellcheck(
            [a.script for a in shell], [str(a.block.path) for a in shell]
        )


def _shellcheck_blocks(analyses: Sequence[Analysis]) -> list[Analysis]:
    return [a for a in analyses if a.category == "shell" and not a.fragment and a.script.strip()]


@rule("syntax", "error", scope="corpus", prepare=_start_bash)
def check_syntax(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """A command that bash cannot parse.

    Every command that is more than plain words goes to ``bash -n`` (read, never
    run), all of them in one batch; bash's message and line are reported, mapped
    to the document.  (Plain words cannot be a syntax error, so they are skipped.)

    Bad::

        # cp -p openssl.conf openssl.conf."$(date
        + "%Y%m%d%H%M%S)"

    Good::

        # cp -p openssl.conf openssl.conf."$(date +%Y%m%d%H%M%S)"
    """
    scripts = command_scripts(analyses)
    scripts = [s for s in scripts if not PLAIN.match(s[2])]
    if context.use_bash and context.checkers.bash_path():
        for result in context.checkers.bash_syntax([text for _, _, text in scripts]):
            analysis, row, text = scripts[result.index]
            rows = text.split("\n")
            last = max((i for i, r in enumerate(rows) if r.strip()), default=0)
            inside = min(result.line - 1, last)  # an end-of-file error: the last written line
            line, column = analysis.file_pos(row + max(inside, 0), 0)
            yield Hit(line, column, f"bash: {result.message}", analysis.block.path)
        return
    for analysis in {id(a): a for a, _, _ in scripts}.values():  # no bash: tree-sitter's verdict
        if analysis.parse_error:
            line, column = analysis.parse_error
            yield Hit(line, column, "shell syntax error", analysis.block.path)


@rule("shellcheck", "warning", scope="corpus", prepare=_start_shellcheck)
def check_shellcheck(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """shellcheck findings that matter in documentation (flags run as commands, broken
    assignments, quoting that glues words, redirections that do nothing).

    All commands go to shellcheck in a few processes; each finding keeps its SC code.

    Bad::

        # names = "engine apache"

    Good::

        # names="engine apache"
    """
    if not context.use_shellcheck:
        return
    shell = _shellcheck_blocks(analyses)
    files = [str(a.block.path) for a in shell]  # a slow file gets its share of the time
    for result in context.checkers.shellcheck([a.script for a in shell], files):
        analysis = shell[result.index]
        line, column = analysis.file_pos(result.line - 1, max(result.column - 1, 0))
        level = Severity(result.level)
        if result.code in DOUBTFUL_CODES and level is Severity.WARNING:
            level = Severity.INFO
        yield Hit(line, column, f"{result.code}: {result.message}", analysis.block.path, level)


# shellcheck warnings that in documentation mostly fire on what is no command: usage
# synopses and progress bars ([options], [=====]), '> cmd' prompts (issue 18)
DOUBTFUL_CODES = frozenset({"SC2102", "SC2188"})
