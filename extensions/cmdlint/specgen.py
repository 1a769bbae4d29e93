"""Generate option specs from the fish shell's completion files.

The fish shell keeps completions for about 900 commands (Debian package
``fish-common``: ``/usr/share/fish/completions/*.fish``).  Each ``complete``
statement names a command (``-c``), its short (``-s``), long (``-l``) and old-style
single-dash (``-o``) options and whether an option needs a parameter (``-r``, or
``-x`` which is ``-r -f``).  This module reads those statements, without running
fish, and writes them as specs: one line per command, ``NAME<TAB>JSON``, the JSON
being a spec in the format of ``specs/*.yaml`` (``options`` only).  The linter
reads that file lazily, one command at a time (:func:`cmdlint.specs.spec_for`).

Refresh (maintainers; CI does not need fish)::

    apt-get install fish-common          # or: .ci/install-cmdlint-deps
    python -m cmdlint.specgen            # rewrites specs/generated/fish.tsv

What fish cannot say is left out: subcommand structure (the options of every
subcommand are merged), operand counts, value shapes.  Hand-written specs
(``specs/*.yaml``) win over generated ones, and may take the generated options as
their base with ``base: generated`` (``cp``: the options from fish, ``args: {min: 2}``
by hand).
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

FISH_DIR = Path("/usr/share/fish")
OUTPUT = Path(__file__).parent / "specs" / "generated" / "fish.tsv"
# short options of `complete` that take a value, and the long spelling of each
VALUED = {"c": "command", "s": "short", "l": "long", "o": "old", "a": "args", "n": "condition"}
VALUED |= {"d": "description", "w": "wraps", "p": "path"}
FLAGS = {"r": "require", "x": "exclusive", "f": "nofiles", "F": "files", "k": "keep", "e": "erase"}
FLAGS |= {"h": "help", "I": "inherit"}
LONG = {
    "command": "command",
    "short-option": "short",
    "long-option": "long",
    "old-option": "old",
    "arguments": "args",
    "condition": "condition",
    "description": "description",
    "wraps": "wraps",
    "path": "path",
    "require-parameter": "require",
    "exclusive": "exclusive",
    "no-files": "nofiles",
    "force-files": "files",
    "keep-order": "keep",
    "erase": "erase",
}
NAME = re.compile(r"^[A-Za-z0-9][\w.+@-]*$")
OPTION = re.compile(r"^[^\s$(){}'\"]+$")


@dataclass
class Statement:
    """One ``complete`` statement, reduced to what a spec needs."""

    commands: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    long: list[str] = field(default_factory=list)
    old: list[str] = field(default_factory=list)
    require: bool = False
    args: bool = False
    erase: bool = False


def parse_statement(words: list[str]) -> Statement | None:
    """The options of ``complete ARGS...`` (words after ``complete``), or None if unreadable."""
    statement = Statement()
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word.startswith("--"):
            name, eq, value = word[2:].partition("=")
            key = LONG.get(name)
            if key is None:
                return None
            if key in VALUED.values() and not eq:
                if i >= len(words):
                    return None
                value, i = words[i], i + 1
            _apply(statement, key, value)
        elif word.startswith("-") and len(word) > 1:
            letters = word[1:]
            for position, letter in enumerate(letters):
                if letter in FLAGS:
                    _apply(statement, FLAGS[letter], "")
                    continue
                if letter not in VALUED:
                    return None
                value = letters[position + 1 :]
                if not value:
                    if i >= len(words):
                        return None
                    value, i = words[i], i + 1
                _apply(statement, VALUED[letter], value)
                break
        else:
            return None  # `complete cmd` (old syntax) or an expansion we cannot follow
    return statement


def _apply(statement: Statement, key: str, value: str) -> None:
    if key == "command":
        statement.commands.append(value)
    elif key in {"short", "long", "old"}:
        getattr(statement, key).append(value)
    elif key in {"require", "exclusive"}:
        statement.require = True
    elif key == "args":
        statement.args = True
    elif key == "erase":
        statement.erase = True


def logical_lines(text: str) -> Iterator[str]:
    """The lines of a fish script with backslash continuations joined."""
    pending = ""
    for line in text.splitlines():
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        yield pending + line
        pending = ""
    if pending:
        yield pending


def statements(text: str, variables: dict[str, str] | None = None) -> Iterator[list[str]]:
    """The word lists of the ``complete`` statements of a script, in the first branch of
    each ``if`` (fish files test for GNU tools first: ``if cp --version ...; else # BSD``),
    with ``$name`` replaced from ``variables``; plus calls of helper functions."""
    depth = 0
    skip_from: int | None = None  # the depth of the `if` whose else branch is skipped
    for line in logical_lines(text):
        stripped = line.strip()
        head = stripped.split(" ", 1)[0]
        if head in {"if", "for", "while", "function", "switch", "begin"}:
            depth += 1
        elif head == "end":
            if skip_from == depth:
                skip_from = None
            depth -= 1
            continue
        elif head in {"else"} and skip_from is None:
            skip_from = depth
            continue
        if skip_from is not None:
            continue
        for name, value in (variables or {}).items():
            stripped = stripped.replace(f"${name}", value)
        if head in {"if", "and", "or", "not"}:
            stripped = stripped.split(" ", 1)[1] if " " in stripped else ""
        if not stripped.startswith(("complete ", "__fish_complete_")):
            continue
        try:
            words = shlex.split(stripped, comments=True)
        except ValueError:
            continue
        for cut in (";", "&", "|"):  # `complete ...; and ...` keeps the first command
            if cut in words:
                words = words[: words.index(cut)]
        yield words


def _helper_variables(path: Path, argument: str) -> dict[str, str]:
    match = re.search(r"--argument-names\s+(\w+)", path.read_text(encoding="utf-8"))
    found = {"argv[1]": argument}
    if match:
        found[match[1]] = argument
    return found


@dataclass
class Collected:
    options: dict[str, set[str]] = field(default_factory=dict)  # name -> {"required"...}
    aliases: dict[str, set[str]] = field(default_factory=dict)  # name -> its other names
    old_style: set[str] = field(default_factory=set)


def collect(folder: Path, functions: Path | None = None) -> dict[str, Collected]:
    """Every command's options from the ``*.fish`` files of a completions folder."""
    found: dict[str, Collected] = {}
    for path in sorted(folder.glob("*.fish")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for words in statements(text):
            _take(words, found, functions, depth=0)
    return found


def _take(
    words: list[str], found: dict[str, Collected], functions: Path | None, depth: int
) -> None:
    if words[0].startswith("__fish_complete_"):
        helper = functions / f"{words[0]}.fish" if functions else None
        if helper is None or not helper.is_file() or len(words) < 2 or depth > 2:
            return
        variables = _helper_variables(helper, words[1])
        body = helper.read_text(encoding="utf-8", errors="replace")
        body = body.split("\n", 1)[1] if body.lstrip().startswith("function") else body
        for inner in statements(body, variables):
            _take(inner, found, functions, depth + 1)
        return
    statement = parse_statement(words[1:])
    if statement is None or statement.erase:
        return
    names = [f"-{s}" for s in statement.short if len(s) == 1]
    names += [f"--{name}" for name in statement.long]
    olds = [f"-{name}" for name in statement.old]
    value = "required" if statement.require else ("optional" if statement.args else "none")
    for command in statement.commands:
        if not NAME.match(command):
            continue
        entry = found.setdefault(command, Collected())
        group = [n for n in names + olds if OPTION.match(n) and n not in {"-", "--"}]
        for name in group:
            entry.options.setdefault(name, set()).add(value)
            entry.aliases.setdefault(name, set()).update(g for g in group if g != name)
        entry.old_style.update(n for n in olds if OPTION.match(n))


def to_spec(entry: Collected) -> dict[str, object]:
    """A spec body (the format of specs/*.yaml) for the options fish knows.

    An option fish marks with ``-r`` in every statement takes a value; one it gives
    argument completions without ``-r`` may take one (``optional``); when the
    statements disagree it is ``optional`` too, so the linter does not guess.
    """
    options: dict[str, str | None] = {}
    done: set[str] = set()
    for name in sorted(entry.options, key=lambda n: (not n.startswith("--"), n)):
        if name in done:
            continue
        group = sorted({name} | entry.aliases.get(name, set()), key=_order)
        group = [g for g in group if g not in done]
        done.update(group)
        values = set().union(*(entry.options.get(g, set()) for g in group))
        value = values.pop() if len(values) == 1 else "optional"
        options["|".join(group)] = None if value == "none" else value
    spec: dict[str, object] = {"options": options}
    return spec


def _order(name: str) -> tuple[int, str]:
    return (0 if name.startswith("--") else 1 if len(name) > 2 else 2, name)


def render(found: dict[str, Collected], source: str) -> str:
    """The generated file: a header, then one ``NAME<TAB>JSON`` line per command."""
    lines = [
        "# Generated by `python -m cmdlint.specgen` from the fish shell's completions",
        f"# ({source}).  Do not edit: refresh it instead.  Format: NAME<TAB>spec as JSON.",
    ]
    for name in sorted(found):
        spec = to_spec(found[name])
        if spec["options"]:
            lines.append(f"{name}\t{json.dumps(spec, separators=(',', ':'), sort_keys=True)}")
    return "\n".join(lines) + "\n"


def fish_version(root: Path) -> str:
    for candidate in (Path("/usr/share/doc/fish-common/changelog.Debian.gz"),):
        if candidate.exists():
            import gzip

            with gzip.open(candidate, "rt", encoding="utf-8") as handle:
                first = handle.readline()
            match = re.search(r"\(([^)]+)\)", first)
            if match:
                return f"fish-common {match[1]}"
    return str(root)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cmdlint.specgen", description=__doc__)
    parser.add_argument("--fish", type=Path, default=FISH_DIR, help="fish's data folder")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the file is not current")
    args = parser.parse_args(list(argv) if argv is not None else None)
    completions = args.fish / "completions"
    if not completions.is_dir():
        print(
            f"specgen: {completions} not found; install fish-common (.ci/install-cmdlint-deps)",
            file=sys.stderr,
        )
        return 2
    text = render(collect(completions, args.fish / "functions"), fish_version(args.fish))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"specgen: {args.output} is not current; run python -m cmdlint.specgen")
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"specgen: {text.count(chr(10)) - 2} commands written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
