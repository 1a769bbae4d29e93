"""Literal ``sed`` scripts and ``grep`` patterns must be valid.

POSIX basic and extended regular expressions are translated to Python's syntax
and compiled; ``sed`` scripts are parsed command by command (GNU sed grammar).
Nothing is executed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from cmdlint.model import Analysis, Word
from cmdlint.registry import Context, Hit, rule

CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": r" \t\n\r\f\v",
    "blank": r" \t",
    "punct": r"!-/:-@\[-`{-~",
    "xdigit": "0-9A-Fa-f",
    "cntrl": r"\x00-\x1f",
    "print": r" -~",
    "graph": r"!-~",
}


class PatternError(ValueError):
    pass


def _bracket(pattern: str, i: int) -> tuple[str, int]:
    """Translate a bracket expression starting at pattern[i] == '['."""
    out = ["["]
    i += 1
    if pattern[i : i + 1] == "^":
        out.append("^")
        i += 1
    if pattern[i : i + 1] == "]":
        out.append(r"\]")
        i += 1
    while i < len(pattern):
        c = pattern[i]
        if c == "]":
            out.append("]")
            return "".join(out), i + 1
        if pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            name = pattern[i + 2 : end] if end > 0 else ""
            if name not in CLASSES:
                raise PatternError(f"invalid character class '[:{name}:]'")
            out.append(CLASSES[name])
            i = end + 2
            continue
        out.append("\\\\" if c == "\\" else ("\\" + c if c in "[&~|-" and c != "-" else c))
        i += 1
    raise PatternError("unterminated bracket expression '['")


def translate(pattern: str, extended: bool) -> str:
    """A POSIX BRE/ERE (GNU flavour) as a Python regular expression."""
    out: list[str] = []
    i = 0
    bre_special = {"(": "(", ")": ")", "{": "{", "}": "}", "|": "|", "+": "+", "?": "?"}
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 >= len(pattern):
                raise PatternError("trailing backslash")
            nxt = pattern[i + 1]
            if not extended and nxt in bre_special:
                out.append(bre_special[nxt])
            elif nxt in "<>":
                out.append(r"\b")
            elif nxt.isdigit() or nxt in "wWsSbBnt`'":
                out.append("\\" + nxt)
            else:
                out.append(re.escape(nxt))
            i += 2
            continue
        if c == "[":
            text, i = _bracket(pattern, i)
            out.append(text)
            continue
        if not extended and c in "(){}|+?":
            out.append("\\" + c)
        elif c == "*" and (not out or out[-1] in {"(", "^", "|"}):
            out.append(r"\*")
        elif extended and c == "{" and not re.match(r"\{\d+(,\d*)?\}", pattern[i:]):
            out.append(r"\{")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def compile_posix(pattern: str, extended: bool) -> int:
    """Compile a POSIX pattern; return its number of groups or raise PatternError."""
    try:
        return re.compile(translate(pattern, extended)).groups
    except re.error as exc:
        message = str(exc.msg)
        if "missing )" in message or "unbalanced parenthesis" in message:
            message = "unmatched ( or \\(" if "missing" in message else "unmatched ) or \\)"
        raise PatternError(message) from None


def _delimited(script: str, i: int, delim: str, command: str = "s") -> tuple[str, int]:
    """Read up to the next unescaped delimiter; an escaped delimiter is the literal character."""
    out = []
    while i < len(script):
        c = script[i]
        if c == "\\" and i + 1 < len(script):
            out.append(script[i + 1] if script[i + 1] == delim else script[i : i + 2])
            i += 2
            continue
        if c == delim:
            return "".join(out), i + 1
        if c == "\n":
            break
        out.append(c)
        i += 1
    raise PatternError(f"unterminated `{command}' command")


def check_sed(script: str, extended: bool) -> None:
    """Raise PatternError when GNU sed would reject the script."""
    i = 0
    while (i := _skip(script, i, " \t\n;")) < len(script):
        i = _skip(script, _addresses(script, i, extended), " !")
        if i >= len(script):
            raise PatternError("missing command")
        command = script[i]
        i = _arguments(script, i + 1, command, extended)
        if command == "{":
            continue  # a block: its commands follow at once ('/re/{N;p}')
        i = _skip(script, i, " \t")
        if i < len(script) and script[i] not in ";\n}":
            raise PatternError(f"extra characters after command ('{script[i:]}')")


def _skip(script: str, i: int, characters: str) -> int:
    """The index of the first character from ``i`` on that is not one of ``characters``."""
    while i < len(script) and script[i] in characters:
        i += 1
    return i


def _addresses(script: str, i: int, extended: bool) -> int:
    """Past a command's addresses (none, one, or two with a comma between)."""
    i = _address(script, i, extended)
    if i >= len(script) or script[i] != ",":
        return i
    # GNU sed's second address may also be +N (N more lines) or ~N (to a multiple of N).
    second = re.match(r"[+~]\d+", script[i + 1 :])
    end = i + 1 + second.end() if second else _address(script, i + 1, extended)
    if end == i + 1:
        raise PatternError("unexpected `,'")
    return end


def _address(script: str, i: int, extended: bool) -> int:
    """Past one address: ``/re/`` or ``\\%re%`` (its regex compiled, then ``I``/``M``
    flags), a line number, ``first~step`` or ``$``; or nothing."""
    if i >= len(script):
        return i
    if script[i] == "/" or (script[i] == "\\" and i + 1 < len(script)):
        delim = "/" if script[i] == "/" else script[i + 1]
        regex, i = _delimited(script, i + (1 if delim == "/" else 2), delim)
        compile_posix(regex, extended)
        return _skip(script, i, "IM")
    match = re.match(r"\d+(~\d+)?|\$", script[i:])
    return i + match.end() if match else i


def _arguments(script: str, i: int, command: str, extended: bool) -> int:
    """Past the arguments of a one-letter sed command starting at ``i``."""
    if command == "s":
        return _substitute(script, i, extended)
    if command == "y":
        return _transliterate(script, i)
    if command in "aicrRwWbtTe:v#":  # text, a file name or a label: up to the line end
        end = script.find("\n", i)
        return len(script) if end < 0 else end
    if command in "{dDgGhHlnNpPqQxz=F}":
        return i
    raise PatternError(f"unknown command: `{command}'")


def _substitute(script: str, i: int, extended: bool) -> int:
    """Past ``s/regex/replacement/flags``: the regex compiles, its groups exist."""
    if i >= len(script):
        raise PatternError("unterminated `s' command")
    delim = script[i]
    regex, i = _delimited(script, i + 1, delim)
    replacement, i = _delimited(script, i, delim)
    groups = compile_posix(regex, extended)
    for ref in re.findall(r"\\(\d)", replacement):
        if int(ref) > groups:
            raise PatternError(f"invalid reference \\{ref} on `s' command's RHS")
    flags = re.match(r"[gpiImMe0-9]*(?:w\s*.*)?", script[i:])
    return i + (flags.end() if flags else 0)


def _transliterate(script: str, i: int) -> int:
    """Past ``y/source/dest/``: both strings the same length."""
    if i >= len(script):
        raise PatternError("unterminated `y' command")
    delim = script[i]
    left, i = _delimited(script, i + 1, delim, "y")
    right, i = _delimited(script, i, delim, "y")
    if len(left) != len(right):
        raise PatternError("strings for `y' command are different lengths")
    return i


def _sed_scripts(words: list[Word]) -> tuple[list[Word], bool]:
    scripts: list[Word] = []
    extended = False
    explicit = False
    index = 1
    rest: list[Word] = []
    while index < len(words):
        word = words[index]
        value = word.value or ""
        if value in {"-e", "--expression"} and index + 1 < len(words):
            scripts.append(words[index + 1])
            explicit = True
            index += 2
            continue
        if value.startswith("--expression="):
            scripts.append(Word(word.raw, value.split("=", 1)[1], word.line, word.column))
            explicit = True
        elif value in {"-E", "-r", "--regexp-extended"}:
            extended = True
        elif value in {"-f", "--file"}:
            return [], extended
        elif re.match(r"^-[nsuzi]*[Er][nsuzi]*$", value):
            extended = True
        elif not value.startswith("-") or value == "-":
            rest.append(word)
        index += 1
    if not explicit and rest:
        scripts.append(rest[0])
    return scripts, extended


@rule("sed-expression", "error")
def sed_expression(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A literal ``sed`` script that sed rejects (unterminated ``s``, bad regex or reference).

    Bad::

        # openssl x509 -noout -subject -in ca.pem | sed 's;subject=(.*)\\;1;'

    Good::

        # openssl x509 -noout -subject -in ca.pem | sed 's;subject=\\(.*\\);\\1;'
    """
    for command in analysis.simple:
        if command.name != "sed":
            continue
        scripts, extended = _sed_scripts(command.words)
        yield from _rejected(scripts, partial(check_sed, extended=extended), "sed expression", True)


def _rejected(
    words: list[Word], check: Callable[[str], object], what: str, quoted_prefix: bool = False
) -> Iterator[Hit]:
    """A hit for each literal word that ``check`` rejects with a PatternError.

    With ``quoted_prefix``, a word that starts with a single-quoted part and goes on
    with an expansion is checked on that part (``'s/a/b/'"$x"``).
    """
    for word in words:
        quoted = re.match(r"^'([^']*)'", word.raw) if quoted_prefix else None
        if word.value is None and quoted and not word.placeholder:
            word = Word(quoted.group(0), quoted.group(1), word.line, word.column)
        if not word.literal or word.value is None:
            continue
        try:
            check(word.value)
        except PatternError as exc:
            yield Hit(word.line, word.column, f"invalid {what} {word.raw}: {exc}")


@rule("grep-pattern", "error")
def grep_pattern(analysis: Analysis, context: Context) -> Iterator[Hit]:
    """A literal ``grep`` pattern (basic, or extended with ``-E``) that grep rejects.

    Bad::

        # hosted-engine --vm-status | grep -E '(Engine status|Hostname'

    Good::

        # hosted-engine --vm-status | grep -E 'Engine status|Hostname'
    """
    for command in analysis.simple:
        if command.name not in {"grep", "egrep"}:
            continue
        extended = command.name == "egrep"
        fixed = False
        patterns: list[Word] = []
        rest: list[Word] = []
        words = command.words
        index = 1
        while index < len(words):
            value = words[index].value or ""
            if value in {"-e", "--regexp"} and index + 1 < len(words):
                patterns.append(words[index + 1])
                index += 2
                continue
            if value in {"-f", "--file"}:
                fixed = True
            if value in {"-A", "-B", "-C", "-m", "-d", "-D", "--max-count"}:
                index += 2
                continue
            if value.startswith("-") and not value.startswith("--") and len(value) > 1:
                extended |= "E" in value
                fixed |= "F" in value or "P" in value
            elif value in {"--extended-regexp"}:
                extended = True
            elif value in {"--fixed-strings", "--perl-regexp"}:
                fixed = True
            elif not value.startswith("-"):
                rest.append(words[index])
            index += 1
        if fixed:
            continue
        if not patterns and rest:
            patterns.append(rest[0])
        yield from _rejected(patterns, partial(compile_posix, extended=extended), "grep pattern")
