r"""Lines wrapped where the first line is still a whole command and the second looks
like output: what the command above is and prints tells them apart (used by the
``wrapped-line`` rule in continuation.py).

* a package command's operands are package names, and it never prints a line of
  bare package names (``dnf install a`` / ``b c``);
* a command that prints nothing on success (``mount``, ``cp``, ``cd``) cannot be
  followed by output (``mount /dev/sdb1`` / ``/data``);
* ``ls -l`` prints ``total N`` and mode lines, never a bare path (``ls -al`` / ``/etc/``);
* a file reader given a directory (``cat /etc/`` / ``redhat-release``) was cut;
* an indented line ending in `` \`` is the middle of a command whose line above lost
  its backslash.
"""

from __future__ import annotations

import re
import shlex

from cmdlint.model import Command
from cmdlint.session import mask_line
from cmdlint.specs import Spec, subcommand_levels

PACKAGE_WORD = re.compile(r"^[a-z0-9][\w.+:@-]*(?:\\?\*[\w.+:@-]*)*$")
LS_LONG = re.compile(r"^-[A-Za-z]*l[A-Za-z]*$")
LS_OUTPUT = re.compile(r"^\s*(?:total\s+\d|[-dlcbps][-rwxsStT.]{9}|ls:|\S+:$)")
NO_OUTPUT = frozenset({"cd", "pushd", "popd", "export", "source", ".", "umask", "alias"})


def command_words(command: Command) -> list[str]:
    try:
        words = shlex.split(mask_line(command.text.replace("\\\n", " "), False)[0])
    except ValueError:
        return []
    return words[1:] if words[:1] == ["sudo"] else words


def package_wrap(words: list[str], text: str, specs: dict[str, Spec]) -> str | None:
    spec = specs.get(words[0]) if words else None
    if spec is None or "|" in " ".join(words):
        return None
    level = subcommand_levels(spec, words[1:])[-1]
    tokens = text.split()
    if level.operands != "package" or not tokens or len(tokens) > 12:
        return None
    if all(PACKAGE_WORD.match(token) for token in tokens):
        return (
            f"'{text.strip()}' continues the package list of the command above: it is "
            "wrapped onto its own line without '\\'; join the lines"
        )
    return None


def quiet_wrap(words: list[str], text: str, silent: bool, known: frozenset[str]) -> str | None:
    """A word after a command that prints nothing (``mount DEV`` / ``/data``); a line
    that starts with a command is left to missing-prompt."""
    quiet = silent or (bool(words) and words[0] in NO_OUTPUT)
    tokens = text.split()
    if not quiet or not tokens or len(tokens) > 3 or ": " in text or text[:1].isupper():
        return None
    if tokens[0] in known:
        return None
    return (
        f"'{text.strip()}' follows a command that prints nothing: it is an argument "
        "wrapped onto its own line without '\\'; join the lines"
    )


def listing_wrap(words: list[str], text: str) -> str | None:
    """A bare path after ``ls -l``, whose output lines are ``total N`` and modes."""
    if not words or words[0] != "ls" or not any(LS_LONG.match(w) for w in words[1:]):
        return None
    if "|" in words or LS_OUTPUT.match(text) or len(text.split()) != 1:
        return None
    return (
        f"'{text.strip()}' is no line of 'ls -l' output: it is an argument wrapped onto "
        "its own line without '\\'; join the lines"
    )


# commands whose operands are files (a directory operand is an error)
READERS = frozenset({"cat", "head", "tail", "less", "more", "sha256sum", "md5sum", "grep"})
PATH_REST = re.compile(r"^[\w.<>-]+(?:/[\w.*<>-]*)*\*?$")


def reader_wrap(words: list[str], text: str) -> str | None:
    """``cat /etc/`` / ``redhat-release``; ``tar -xvf /root/`` / ``backup.tar.gz``."""
    if len(words) < 2 or "|" in words or not words[-1].endswith("/"):
        return None
    reader = words[0] in READERS and not any(re.match(r"^-[a-zA-Z]*[rR]", w) for w in words)
    archive = words[0] == "tar" and re.match(r"^-?[A-Za-z]*f$|^--file$", words[-2] or "")
    if not (reader or archive) or not PATH_REST.match(text.split()[0] if text.split() else ""):
        return None
    return (
        f"'{words[-1]}' is a directory where {words[0]} needs a file: the path goes on "
        "in the next line, wrapped without '\\'; join the lines"
    )


def continued_wrap(text: str) -> str | None:
    """An indented line that ends in ' \\' after a command line without one, or an
    indented single-quoted word (an argument; output does not quote like that)."""
    if re.match(r"^\s+\S.*\s\\$", text) or re.match(r"^\s+'[^']*'\s*$", text):
        return (
            "this indented line ends with '\\' like the rest of a command: the line "
            "above lacks its '\\'"
        )
    return None


def rest_of_word(prev: str, text: str) -> str | None:
    """The line above ends inside a word that this line completes, although the command
    lists file names: a path cut after '/' whose rest is followed by options
    (``find /var/lib/`` / ``backups -name '*.bz2'``), or a brace expansion cut open
    (``--add-port={5432/`` / ``tcp,6100/tcp}``)."""
    last = prev.split()[-1] if prev.split() else ""
    first = text.split()[0] if text.split() else ""
    options = re.search(r"\s--?[A-Za-z]", text)
    if prev.endswith("/") and re.match(r"^[\w.-]+$", first) and options:
        return f"the word '{last}' is split across lines; join the lines"
    if last.count("{") > last.count("}") and "}" in first and "{" not in first:
        return f"the word '{last}' is split across lines; join the lines"
    return None


SHOWS = frozenset({"show", "info", "status"})
TERSE = re.compile(r"^(?:-[A-Za-z]*[gt][A-Za-z]*|--get-values|--terse|--field|--fields)$")


def show_wrap(words: list[str], text: str) -> str | None:
    """``gluster volume info`` / ``vmstore``: a report subcommand whose object was
    wrapped; such reports print headed or tabular lines, never one bare name (unless
    asked for bare values: ``nmcli -g``, ``-t``)."""
    if len(words) < 2 or words[-1] not in SHOWS or "|" in words:  # systemctl status / unit
        return None
    if any(TERSE.match(w) for w in words) or not re.match(r"^[a-z][\w.-]*$", text):
        return None
    return (
        f"'{text}' is the object of '{words[-1]}' above, wrapped onto its own line "
        "without '\\'; join the lines"
    )
