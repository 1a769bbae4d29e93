"""Broken continuations: lines a PDF or an editor wrapped without a backslash."""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Iterator, Sequence

from cmdlint.argcheck import check_command
from cmdlint.classify import first_word
from cmdlint.model import Analysis, Command, SessionLine, Severity, Word
from cmdlint.registry import Context, Hit, rule
from cmdlint.rules.wrapshape import (
    command_words,
    continued_wrap,
    listing_wrap,
    package_wrap,
    quiet_wrap,
    reader_wrap,
    rest_of_word,
    show_wrap,
)
from cmdlint.session import LexState, mask_line, scan_line
from cmdlint.specs import Spec, load_specs

OPTION_LINE = re.compile(r"^\s*--?[A-Za-z][\w-]*(?:=\S*)?(?:\s|$)")
LS_MODE = re.compile(r"^\s*[-dlcbps][-rwxsStT.]{9}")
SPLIT_END = re.compile(r"(?:[\w.>]-|[\w.=>-]/|\s-)$")


def split_token(prev: str, text: str, silent: bool = False) -> bool:
    """``prev`` ends inside a word that ``text`` completes (a wrap at '-' or '/').

    After a '/', ``text`` must go on like a path (``dir/``, ``file.ext``); a bare
    word only when the command prints nothing (``silent``), so it cannot be output.
    """
    prev = prev.rstrip()
    if not SPLIT_END.search(prev) or LS_MODE.match(text):
        return False
    if prev.endswith("/"):
        if silent and re.match(r"^[\w.-]+(?:$|\s+-)", text.strip()):
            return True
        return bool(re.match(r"^[\w.-]+(?:/|\.\w+\b)", text))
    return bool(re.match(r"^[A-Za-z0-9]", text))


EXECUTABLE = re.compile(r"(?:/s?bin/|\.sh$|\.py$)")


def _shape(token: str) -> str:
    return re.sub(r"\d+", "0", token.split("/")[0].split("=")[0])


@rule("backslash-space", "error")
def backslash_space(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A backslash followed by trailing whitespace: it escapes the space, not the line end.

    Bad (a space after the backslash)::

        # subscription-manager repos \\␠
        --enable=rhel-8-for-x86_64-baseos-eus-rpms

    Good::

        # subscription-manager repos \\
            --enable=rhel-8-for-x86_64-baseos-eus-rpms

    Only a warning when every line of the command ends with spaces (converter padding).
    """
    if analysis.category != "shell":
        return
    # When every line of a multi-line command ends with spaces, even its last
    # one, a converter (PDF, wiki) padded them: the page most likely shows a
    # correct command, so it is a warning. A lone space after one backslash is
    # a typo that breaks the command: an error.
    groups: list[list[SessionLine]] = []
    for sl in analysis.session:
        if sl.role == "command":
            groups.append([sl])
        elif sl.role == "continuation" and groups:
            groups[-1].append(sl)
    for group in groups:
        padded = len(group) > 1 and all(sl.text[-1:] in (" ", "\t") for sl in group)
        for sl in group:
            match = re.search(r"(?<!\\)\\[ \t]+$", sl.text)
            if match:
                yield Hit(
                    sl.line,
                    match.start() + 1,
                    "backslash followed by whitespace: the line does not continue; "
                    "delete the spaces after '\\'"
                    + (" (every line of this command ends with spaces)" if padded else ""),
                    severity=Severity.WARNING if padded else None,
                )


# Commands whose output is file names: after them a line like 'name.ext' is output.
LISTS_FILES = frozenset(
    {"ls", "find", "locate", "tree", "du", "grep", "rpm", "which", "readlink", "realpath"}
    | {"stat", "file", "tar", "unzip", "cat", "head", "tail", "sha256sum", "md5sum"}
)


def _lists_files(command: Command | None) -> bool:
    words = command.text.split() if command is not None else []
    if words[:1] == ["rpm"]:  # rpm -ql lists files, rpm -Uvh does not
        return any(re.match(r"^-[A-Za-z]*[ql]", w) for w in words[1:])
    return bool(words) and words[0] in LISTS_FILES


def _silent(command: Command | None, specs: dict[str, Spec]) -> bool:
    """The command prints nothing on success (``mount``, ``chown`` without ``-v``)."""
    if command is None:
        return False
    words = command.text.split()
    spec = specs.get(words[0]) if words else None
    verbose = any(re.match(r"^(-[A-Za-z]*v[A-Za-z]*|--verbose|--changes|-c)$", w) for w in words)
    return bool(spec and spec.silent and not verbose)


def _wrapped(
    prev: SessionLine,
    current: SessionLine,
    known: frozenset[str],
    unprompted: bool,
    silent: bool = False,
    listing: bool = False,
) -> str | None:
    prev_text = prev.text.rstrip()
    text = current.text
    if prev_text.endswith("\\"):
        return None
    cut = rest_of_word(prev_text, text)
    if cut:
        return cut
    # after a '/', a bare word completes the path unless the command lists file names
    if split_token(prev_text, text, silent or not listing) and not (
        listing and prev_text.endswith("/")
    ):
        cut = prev_text.split()[-1] if prev_text.split() else "-"
        return (
            f"the word '{cut}' is split across lines; join the lines (or end the first with ' \\')"
        )
    if OPTION_LINE.match(text) and not LS_MODE.match(text):
        word = text.split()[0]
        return (
            f"option '{word}' is wrapped onto its own line without '\\'; bash runs it as a "
            "separate command"
        )
    word = first_word(text)
    tokens = prev_text.split()
    if prev.role == "continuation":  # every word of a continued line is an argument
        tokens = ["", *tokens]
    if word.rstrip(":") in tokens[1:]:
        return None  # output that starts with an argument of the command (blkid, file, ls -d)
    shape = _shape(word)  # "host0:" of host2:/bricks/data, "--enable" of --enable=x
    if shape and any(shape == _shape(t) and re.search(r"[:/=]", t) for t in tokens[1:]):
        return (
            f"argument '{word}' is wrapped onto its own line without '\\'; bash runs it "
            "as a separate command"
        )
    if (
        unprompted
        and word not in known
        and re.match(r"^\s*[\w.~-]*/", text)
        and not (EXECUTABLE.search(word))
    ):
        return (
            f"argument '{word}' is wrapped onto its own line without '\\'; bash runs it "
            "as a separate command"
        )
    return None


def _quoted_split(prev: SessionLine, current: SessionLine) -> bool:
    """A line continued inside open quotes (no backslash) whose last word was cut at
    a '-': ``names="engine websocket-`` / ``proxy jboss"``."""
    text = prev.text.rstrip()
    return (
        not text.endswith("\\")
        and bool(re.search(r"[A-Za-z0-9]-$", text))
        and bool(re.match(r"^[A-Za-z0-9]", current.text))
    )


def _shaped(
    command: Command, text: str, specs: dict[str, Spec], known: frozenset[str]
) -> str | None:
    words = command_words(command)
    silent = _silent(command, specs)
    return (
        package_wrap(words, text, specs)
        or continued_wrap(text)
        or reader_wrap(words, text)
        or show_wrap(words, text)
        or quiet_wrap(words, text, silent, known)
        or listing_wrap(words, text)
    )


MISSING = re.compile(r"needs at least|needs a value|missing subcommand|needs one of")


def _words(text: str, line: int) -> list[Word] | None:
    try:
        values = shlex.split(mask_line(text, False)[0], comments=False)
    except ValueError:
        return None
    return [Word(v, v, line, 1) for v in values]


def _completes(command: Command, text: str, specs: dict[str, Spec]) -> str | None:
    """The command misses an argument or a value, and ``text`` (the next line) supplies it."""
    words = _words(command.text.replace("\\\n", " "), command.line)
    more = _words(text, command.line)
    if not words or not more or words[0].value not in specs:
        return None
    spec = specs[words[0].value or ""]
    missing = [i.message for i in check_command(spec, words[1:]) if MISSING.search(i.message)]
    if not missing or check_command(spec, words[1:] + more):
        return None
    return (
        f"'{text.strip()}' completes the command above ({missing[0]}): it is wrapped onto "
        "its own line without '\\'; join the lines"
    )


@rule("wrapped-line", "error")
def wrapped_line(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """An option, an argument or part of a word wrapped onto the next line without ``\\``.

    A line is taken for a wrapped part when it is an option, repeats the shape of an
    argument (``host2:/bricks/...``), completes the word the line above ends in (a cut
    at '-' or '/'; after a '/', a bare name only when the command prints nothing, such
    as ``mount``), or supplies the argument or value the command above lacks by its
    spec (``scp FILE`` then ``host:/dir/``).  Output of listing commands is left alone.

    Bad::

        # scl enable rh-postgresql10 -- postgresql-setup --upgrade-from=rh-postgresql95-postgresql
        --upgrade

    Good::

        # scl enable rh-postgresql10 -- postgresql-setup \\
            --upgrade-from=rh-postgresql95-postgresql --upgrade
    """
    if analysis.category in {"output", "path"}:
        lines = analysis.block.lines
        for offset, (prev, text) in enumerate(itertools.pairwise(lines)):
            if re.match(r"^\s*/\S*[-/]\s*$", prev) and split_token(prev, text.strip()):
                yield Hit(
                    analysis.block.line + offset + 1,
                    1,
                    f"the path '{prev.strip()}' is split across lines; join the lines",
                )
        return
    if analysis.category != "shell":
        return
    known = context.known_commands
    specs = load_specs()
    unprompted = not analysis.prompted
    ending = {id(c.lines[-1]): c for c in analysis.commands}
    previous: SessionLine | None = None
    for sl in analysis.session:
        if sl.role == "blank":
            previous = None
            continue
        if sl.role == "continuation" and previous is not None and _quoted_split(previous, sl):
            cut = previous.text.split()[-1]
            yield Hit(sl.line, 1, f"the word '{cut}' is split across lines inside quotes; "
                      "join the lines")
        candidate = sl.role == "output" or (unprompted and sl.role == "command")
        if candidate and previous is not None and previous.role in {"command", "continuation"}:
            command = ending.get(id(previous))
            message = _wrapped(
                previous, sl, known, unprompted, _silent(command, specs), _lists_files(command)
            )
            if message is None and command is not None and sl.role == "output":
                message = _completes(command, sl.text, specs) or _shaped(
                    command, sl.text, specs, known
                )
            if message:
                yield Hit(sl.line, len(sl.text) - len(sl.text.lstrip()) + 1, message)
                continue
        previous = sl


KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do"}
    | {"done", "in", "function", "select", "time"}
)


def _argument_like(text: str, context: Context) -> bool:
    """A line that reads as the rest of the previous command, not as a command of its own:
    an option, a format, a quoted word, or a word that is no command (a package, a file)."""
    if re.match(r"^[-+\"'%]", text):
        return True
    word = first_word(text)
    return bool(
        re.match(r"^[\w./@:-]+", text)
        and ")" in text
        and word not in context.known_commands
        and word not in KEYWORDS
    )


@rule("split-substitution", "error")
def split_substitution(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A command substitution cut by a line wrap: the rest of it becomes a second command.

    Bad::

        # cp -p ca.pem ca.pem."$(date
        + "%Y%m%d%H%M%S")"

    Good::

        # cp -p ca.pem ca.pem."$(date +%Y%m%d%H%M%S)"
    """
    if analysis.category != "shell":
        return
    for command in analysis.commands:
        state = LexState()
        lines = command.lines
        for index, sl in enumerate(lines[:-1]):
            body = mask_line(sl.text[sl.body_column - 1 :], analysis.block.template)[0]
            scan_line(body, state)
            inside = any(frame[0] in {"$(", "`"} for frame in state.frames)
            if not inside or state.backslash or state.pipe_open:
                continue
            start = max(body.rfind("$("), body.rfind("`"))
            after = body[start + 2 :].strip() if start >= 0 else ""
            nxt = lines[index + 1].text.lstrip()
            if after and not after.endswith(("|", "&&", ";", "(")) and _argument_like(nxt, context):
                yield Hit(
                    lines[index + 1].line,
                    1,
                    "a command substitution is cut by a line wrap: the next line runs as "
                    "a separate command inside it; join the lines",
                )


@rule("split-block", "error", scope="corpus")
def split_block(analyses: Sequence[Analysis], context: Context) -> Iterator[Hit]:
    """One command split across two blocks (a page break), or a block that starts mid-command.

    Bad::

        ```
        # openssl x509 -signkey ca.pem -in ca.pem -
        ```
        ```
        out ca.pem.new -days 3650 -sha256
        ```

    Good::

        ```
        # openssl x509 -signkey ca.pem -in ca.pem -out ca.pem.new -days 3650 -sha256
        ```
    """
    by_path: dict[str, list[Analysis]] = {}
    for analysis in analyses:
        if analysis.category not in {"prose", "empty"}:
            by_path.setdefault(analysis.block.path, []).append(analysis)
    for items in by_path.values():
        items.sort(key=lambda a: a.block.line)
        for index, analysis in enumerate(items):
            prev = items[index - 1] if index else None
            tail = _last_command_line(prev) if prev else None
            first = next((line for line in analysis.block.lines if line.strip()), "")
            offset = analysis.block.lines.index(first) if first else 0
            line = analysis.block.line + offset
            joined = (
                tail is not None
                and analysis.block.line - (prev.block.line + len(prev.block.lines) if prev else 0)
                < 8
            )
            continues = bool(tail) and (
                str(tail).rstrip().endswith("\\") or split_token(str(tail), first.strip())
            )
            starts_command = first.lstrip().startswith(("#", "$"))
            if joined and continues and first.strip() and not starts_command:
                yield Hit(
                    line,
                    1,
                    "this block continues the command of the previous block "
                    "(a page break split it); put the command in one block",
                    analysis.block.path,
                )
                continue
            if analysis.fragment:
                yield Hit(
                    line,
                    1,
                    "the block starts in the middle of a command; the start of "
                    "the command is missing",
                    analysis.block.path,
                )


def _last_command_line(analysis: Analysis | None) -> str | None:
    if analysis is None or analysis.category != "shell":
        return None
    content = [sl for sl in analysis.session if sl.role != "blank"]
    if content and content[-1].role in {"command", "continuation"}:
        return content[-1].text
    return None
