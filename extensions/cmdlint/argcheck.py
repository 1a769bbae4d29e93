"""Check a command's words against its spec: options, values, subcommands, operands.

One walk over the words (:class:`_Walk`), one small method per kind of word.  A
strict spec (hand-written) reports every unknown option; a lenient one (generated
from fish's completions, whose lists may be incomplete) reports only what is
certainly wrong: an option that is a near miss of a known one, or a single-dash
long option that the tool reads as short options (``-tags`` is ``-t ags``).
"""

from __future__ import annotations

import difflib
import re

from cmdlint.model import Word
from cmdlint.specs import Issue, Option, Spec, spec_for

INFORMATIONAL = {"--help", "-help", "--version"}
LENIENT_CUTOFF = 0.8  # closer than this to a known option: a typo, not a missing entry


def check_command(spec: Spec, words: list[Word], extra: tuple[str, ...] = ()) -> list[Issue]:
    """Check the words after the command name against the spec (``extra``: the
    project's spec folders, for a command that runs another)."""
    return _Walk(spec, words, extra).run()


def _suggest(
    name: str, candidates: list[str], cutoff: float = 0.6, deprecated: frozenset[str] = frozenset()
) -> str:
    candidates = [c for c in candidates if c not in deprecated]
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=cutoff)
    if not close and name.startswith("-") and not name.startswith("--"):
        close = [c for c in candidates if c == "-" + name]
    return f"; did you mean '{close[0]}'?" if close else ""


class _Walk:
    """The state of one check: the subcommand chain, operands and options seen."""

    def __init__(self, spec: Spec, words: list[Word], extra: tuple[str, ...] = ()) -> None:
        self.words = words
        self.extra = extra
        self.chain = [spec]
        self.title = spec.name
        self.positional: list[tuple[int, Word]] = []
        self.seen: set[str] = set()
        self.issues: list[Issue] = []
        self.finished = False  # an unknown subcommand: nothing more to say

    @property
    def level(self) -> Spec:
        return self.chain[-1]

    @property
    def strict(self) -> bool:
        return self.chain[0].strict

    def run(self) -> list[Issue]:
        i: int | None = 0
        while i is not None and i < len(self.words):
            i = self._word(i)
        if not self.finished:
            self._finish()
        return self.issues

    # -- one word ---------------------------------------------------------------
    def _word(self, i: int) -> int | None:
        """Handle the word at ``i``; the index of the next word, or None to stop."""
        word = self.words[i]
        text = word.value
        if word.placeholder and text and text.startswith("-") and "=" in text:
            self._placeholder_option(i, text.split("=", 1)[0])
            return i + 1
        if text is None and re.match(r"^--?[\w-]+=", word.raw):  # --name="${name}"
            self._placeholder_option(i, word.raw.split("=", 1)[0])
            return i + 1
        if text is None or word.placeholder:
            self.positional.append((i, word))
            return i + 1
        if text == "--":
            self._end_of_options(i)
            return None
        old_cluster = self.level.old_style and i == 0 and re.match(r"^[A-Za-z]+$", text)
        if (text.startswith("-") and text != "-") or old_cluster:
            return self._option(i, "-" + text if old_cluster else text) + 1
        if self.level.subcommands and not self.positional:
            return self._subcommand(i, text)
        self.positional.append((i, word))
        after = self.level.command_after
        return None if isinstance(after, int) and len(self.positional) == after else i + 1

    def _placeholder_option(self, i: int, name: str) -> None:
        found = self._lookup(name)
        if found is None and (name.startswith("--") or self.level.single_dash_long):
            self._unknown(i, name)
        elif found is None and self._lookup("-" + name) is not None and len(name) > 3:
            found = self._lookup("-" + name)
            self.issues.append(
                Issue(i, f"'{name}' is a long option written with one dash; write '-{name}'")
            )
        self.seen.add(found.names[0] if found else name)

    def _end_of_options(self, i: int) -> None:
        if self.level.command_after == "--":
            nested = self.words[i + 1 :]
            inner_spec = (
                spec_for(nested[0].value or "", self.extra)
                if nested and nested[0].literal
                else None
            )
            if inner_spec is not None:
                inner = check_command(inner_spec, nested[1:], self.extra)
                self.issues.extend(Issue(x.word + i + 2, x.message, x.doubtful) for x in inner)
            return
        self.positional.extend((j, w) for j, w in enumerate(self.words[i + 1 :], i + 1))

    def _subcommand(self, i: int, text: str) -> int | None:
        if text in self.level.subcommands:
            self.chain.append(self.level.subcommands[text])
            self.title = f"{self.title} {text}"
            return i + 1
        guess = _suggest(text, sorted(self.level.subcommands))
        self.issues.append(
            Issue(i, f"unknown subcommand '{text}' for {self.title}{guess}", self._doubtful(guess))
        )
        self.finished = True
        return None

    def _doubtful(self, guess: str) -> bool:
        """An unknown name is sure to be wrong only where the spec is complete, or where
        it is a near miss of a known name (a typo); otherwise the spec may lack it."""
        return not guess and not self.chain[0].complete

    @property
    def deprecated(self) -> frozenset[str]:
        return frozenset().union(*(level.deprecated for level in self.chain))

    # -- options ----------------------------------------------------------------
    def _option(self, i: int, text: str) -> int:
        """An option word; the index of its last word (a value may follow)."""
        whole = self._lookup(text.partition("=")[0])
        if text.startswith("--") or self.level.single_dash_long or (whole and len(text) > 2):
            return self._long(i, text)
        name = text.partition("=")[0]
        long_form = self._lookup("-" + name)
        if long_form is not None and len(name) > 3 and self._misread(name):
            self.issues.append(
                Issue(
                    i,
                    f"'{name}' is a long option written with one dash: {self.title} reads "
                    f"it as short options ('-{name[1]}' ...); write '-{name}'",
                )
            )
            self.seen.add(long_form.names[0])
            return i if "=" in text else self._take_value(long_form, "-" + text, i)
        if not self.strict and len(text) > 2 and self._has_old_style():
            self._unknown(i, text)  # find -nmae
            return i
        return self._cluster(i, text)

    def _misread(self, text: str) -> bool:
        """``-tags`` as short options is not what was meant: the first letter takes the
        rest as its value (argparse, getopt: ``-t ags``), or a letter is unknown."""
        if self.level.old_style:
            return False
        for letter in text[1:]:
            option = self._lookup("-" + letter)
            if option is None:
                return True
            if option.value != "none":
                return True
        return False

    def _has_old_style(self) -> bool:
        return any(
            len(name) > 2 and not name.startswith("--")
            for level in self.chain
            for name in level.options
        )

    def _long(self, i: int, text: str) -> int:
        name, eq, value = text.partition("=")
        option = self._lookup(name)
        self.seen.add(option.names[0] if option else name)
        if option is None:
            self._unknown(i, name)
            return i
        if not eq:
            return self._take_value(option, name, i)
        if option.value == "none":
            if self.strict:
                self.issues.append(Issue(i, f"option {name} of {self.title} takes no value"))
        else:
            self._value_issue(option, name, value, i)
        return i

    def _cluster(self, i: int, text: str) -> int:
        """``-abc``: short options, the last of which may take the rest or the next word."""
        letters = text[1:]
        for position, letter in enumerate(letters):
            option = self._lookup("-" + letter)
            if option is None:
                if self.strict:
                    options = self._all_options()
                    old = self.deprecated
                    guess = _suggest("-" + text, options, deprecated=old) or _suggest(
                        "-" + letter, options, deprecated=old
                    )
                    self.issues.append(
                        Issue(
                            i,
                            f"unknown option '{text}' for {self.title}{guess}",
                            self._doubtful(guess),
                        )
                    )
                return i
            self.seen.add(option.names[0])
            rest = letters[position + 1 :]
            if option.value != "none" and rest:
                self._value_issue(option, "-" + letter, rest, i)
                return i
            if option.value == "required":
                return self._take_value(option, "-" + letter, i)
        return i

    def _unknown(self, i: int, name: str) -> None:
        options = self._all_options()
        if self.strict:
            guess = _suggest(name, options, deprecated=self.deprecated)
            self.issues.append(
                Issue(i, f"unknown option '{name}' for {self.title}{guess}", self._doubtful(guess))
            )
            return
        long_ones = [o for o in options if len(o) > 2]
        guess = _suggest(name, long_ones, LENIENT_CUTOFF, self.deprecated)
        if guess:
            self.issues.append(Issue(i, f"unknown option '{name}' for {self.title}{guess}"))

    def _take_value(self, option: Option, shown: str, index: int) -> int:
        """Consume the value of an option that requires one; the index of its last word."""
        if option.value != "required":
            return index
        words = self.words
        nxt = words[index + 1] if index + 1 < len(words) else None
        value = (nxt.value or "") if nxt is not None and nxt.literal else ""
        if nxt is None or (value.startswith("-") and len(value) > 1):
            if self.strict:
                self.issues.append(Issue(index, f"option {shown} of {self.title} needs a value"))
            return index
        self._value_issue(option, shown, nxt, index + 1)
        if option.operand:
            self.positional.append((index + 1, nxt))
        end = index + option.values
        if end >= len(words):
            self.issues.append(
                Issue(index, f"option {shown} of {self.title} needs {option.values} values")
            )
            return len(words) - 1
        return end

    def _value_issue(self, option: Option, shown: str, value: Word | str, index: int) -> None:
        if isinstance(value, Word) and not value.literal:
            return
        text = value.value if isinstance(value, Word) else value
        if text is None:
            return
        if option.choices and text not in option.choices:
            self.issues.append(
                Issue(
                    index,
                    f"invalid value '{text}' for {shown} of {self.title} "
                    f"(expected one of: {', '.join(option.choices)})"
                    + _suggest(text, list(option.choices)),
                )
            )
        elif option.pattern and not re.search(option.pattern, text):
            self.issues.append(Issue(index, f"invalid value '{text}' for {shown} of {self.title}"))

    def _lookup(self, name: str) -> Option | None:
        for level in reversed(self.chain):
            if name in level.options:
                return level.options[name]
        return None

    def _all_options(self) -> list[str]:
        return sorted({name for level in self.chain for name in level.options})

    # -- after the last word ----------------------------------------------------
    def _finish(self) -> None:
        if self.seen & INFORMATIONAL:
            return  # "tool --help", "tool --version": nothing else is required
        level = self.level
        if level.subcommands and level.subcommand_required and not self.positional:
            choices = ", ".join(sorted(level.subcommands)[:8])
            self.issues.append(
                Issue(-1, f"missing subcommand for {self.title} (one of: {choices}, ...)")
            )
            return
        self.issues.extend(check_args(level, self.title, self.positional, self._min_when()))
        for spec in self.chain:
            self._requirements(spec)

    def _min_when(self) -> int:
        """The operands that the options given call for (``rpm -U`` needs a package)."""
        needed = 0
        for name, count in (self.level.args.get("min_when") or {}).items():
            option = self._lookup(str(name))
            if option is not None and option.names[0] in self.seen:
                needed = max(needed, int(count))
        return needed

    def _requirements(self, spec: Spec) -> None:
        given = self.seen | {w.value for _, w in self.positional}
        if spec.require_one_of and not self.issues and not given & set(spec.require_one_of):
            needed = ", ".join(spec.require_one_of[:6])
            more = ", ..." if len(spec.require_one_of) > 6 else ""
            self.issues.append(Issue(-1, f"{self.title} needs one of: {needed}{more}"))
        for option_name, needed in spec.requires.items():
            if option_name in self.seen and needed not in self.seen:
                message = f"option {option_name} of {self.title} needs {needed}"
                self.issues.append(Issue(-1, message))


def check_args(
    level: Spec, title: str, positional: list[tuple[int, Word]], least: int = 0
) -> list[Issue]:
    """Operand count, choices and shapes (``least``: a minimum the options call for)."""
    issues = []
    args = level.args
    count = len(positional)
    least = max(least, int(args.get("min", 0)))
    if count < least:
        issues.append(Issue(-1, f"{title} needs at least {least} argument(s), got {count}"))
    fixed = [(i, w) for i, w in positional if not w.placeholder]  # a template may be empty
    if args.get("max") is not None and len(fixed) > int(args["max"]):
        index, word = fixed[int(args["max"])]
        issues.append(Issue(index, f"unexpected argument '{word.raw}' for {title}"))
    for position, (index, word) in enumerate(positional):
        if not word.literal:
            continue
        value = word.value or ""
        if args.get("choices") and value not in args["choices"]:
            issues.append(
                Issue(
                    index,
                    f"invalid argument '{value}' for {title} (expected one of: "
                    f"{', '.join(args['choices'])})",
                )
            )
        pattern = args.get("first_pattern") if position == 0 else None
        pattern = pattern or args.get("pattern")
        if pattern and not re.search(pattern, value):
            issues.append(Issue(index, f"invalid argument '{value}' for {title}"))
    return issues
