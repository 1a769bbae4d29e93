"""Broken continuations: lines a PDF or an editor wrapped without a backslash."""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Iterator

from cmdlint.argcheck import check_command
from cmdlint.command_words import first_word
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
from cmdlint.session import mask_line
from cmdlint.sessionshape import output_shape
from cmdlint.specs import Spec, load_specs

OPTION_LINE = re.compile(r"^\s*--?[A-Za-z][\w-]*(?:=\S*)?(?:\s|$)")
LS_MODE = re.compile(r"^\s*[-dlcbps][-rwxsStT.]{9}")
SPLIT_END = re.compile(r"(?:[\w.>]-|[\w.=>-]/|\s-)$")
# "kubectl apply -f -", "... | linkerd inject -": a lone '-' that names standard input
STDIN_DASH = re.compile(r"(?:\s-{1,2}[\w-]+=?|\|\s*\S+(?:\s+[^\s|-]\S*)*)\s+-$")


def split_token(prev: str, text: str, silent: bool = False) -> bool:
    """``prev`` ends inside a word that ``text`` completes (a wrap at '-' or '/').

    After a '/', ``text`` must go on like a path (``dir/``, ``file.ext``); a bare
    word only when the command prints nothing (``silent``), so it cannot be output.
    """
    prev = prev.rstrip()
    if not SPLIT_END.search(prev) or LS_MODE.match(text) or STDIN_DASH.search(prev):
        return False
    if prev.endswith("/"):
        if silent and re.match(r"^[\w.-]+(?:$|\s+-)", text.strip()):
            return True
        return bool(re.match(r"^[\w.-]+(?:/|\.\w+\b)", text))
    return bool(re.match(r"^[A-Za-z0-9]", text))


EXECUTABLE = re.compile(r"(?:/s?bin/|\.sh$|\.py$)")


def _shape(token: str) -> str:
    return re.sub(r"\d+", "0", token.split("/")[0].split("=")[0])


@rule("backslash-space", "error", applies=["shell"])
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
        and not output_shape(text)
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
    specs = load_specs(context.facts.spec_folders)
    unprompted = not analysis.prompted
    ending = {id(c.lines[-1]): c for c in analysis.commands}
    previous: SessionLine | None = None
    for sl in analysis.session:
        if sl.role == "blank":
            previous = None
            continue
        if sl.role == "continuation" and previous is not None and _quoted_split(previous, sl):
            cut = previous.text.split()[-1]
            yield Hit(
                sl.line, 1, f"the word '{cut}' is split across lines inside quotes; join the lines"
            )
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
