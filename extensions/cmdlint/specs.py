"""Declarative option specs (specs/*.yaml, one file per command family) and their checker."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from cmdlint.model import Word

# libyaml's loader when PyYAML has it: the specs load about seven times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SPEC_KEYS = {
    "options",
    "args",
    "subcommands",
    "subcommand_required",
    "single_dash_long",
    "command_after",
    "root_only",
    "old_style",
    "require_one_of",
    "requires",
    "needs",
    "silent",
}
# needs: the package manager (of the version matrix) a release must use for the
# option or subcommand to exist, e.g. yum's --nobest exists only in dnf-based yum.
OPTION_KEYS = {"value", "choices", "pattern", "needs", "values"}
ARG_KEYS = {"min", "max", "choices", "pattern", "first_pattern"}
INFORMATIONAL = {"--help", "-help", "--version"}


@dataclass
class Option:
    names: tuple[str, ...]
    value: str = "none"  # none, required, optional
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    needs: str | None = None
    values: int = 1  # words a required value takes (hosted-engine --set-shared-config KEY VALUE)


@dataclass
class Spec:
    name: str
    options: dict[str, Option] = field(default_factory=dict)
    args: dict[str, Any] = field(default_factory=dict)
    subcommands: dict[str, Spec] = field(default_factory=dict)
    subcommand_required: bool = False
    single_dash_long: bool = False
    command_after: str | int | None = None
    root_only: bool | None = None  # None: as the parent command
    old_style: bool = False
    require_one_of: tuple[str, ...] = ()
    requires: dict[str, str] = field(default_factory=dict)
    needs: str | None = None
    silent: bool = False  # prints nothing on success unless asked to (-v)


@dataclass
class Issue:
    word: int  # index into the words given (-1: the command as a whole)
    message: str


def _build(name: str, data: dict[str, Any], where: str) -> Spec:
    unknown = set(data) - SPEC_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown spec keys {sorted(unknown)}")
    spec = Spec(name)
    for key, value in (data.get("options") or {}).items():
        value = value or {}
        if set(value) - OPTION_KEYS:
            raise ValueError(
                f"{where}: option {key}: unknown keys {sorted(set(value) - OPTION_KEYS)}"
            )
        option = Option(
            tuple(str(key).split("|")),
            str(value.get("value", "none")),
            tuple(str(c) for c in value.get("choices", ())),
            value.get("pattern"),
            value.get("needs"),
            int(value.get("values", 1)),
        )
        for alias in option.names:
            spec.options[alias] = option
    spec.args = dict(data.get("args") or {})
    if set(spec.args) - ARG_KEYS:
        raise ValueError(f"{where}: args: unknown keys {sorted(set(spec.args) - ARG_KEYS)}")
    for sub, subdata in (data.get("subcommands") or {}).items():
        spec.subcommands[str(sub)] = _build(f"{name} {sub}", subdata or {}, where)
    spec.subcommand_required = bool(data.get("subcommand_required"))
    spec.single_dash_long = bool(data.get("single_dash_long"))
    spec.command_after = data.get("command_after")
    root = data.get("root_only")
    spec.root_only = None if root is None else bool(root)
    spec.old_style = bool(data.get("old_style"))
    spec.require_one_of = tuple(data.get("require_one_of") or ())
    spec.requires = dict(data.get("requires") or {})
    spec.needs = data.get("needs")
    spec.silent = bool(data.get("silent"))
    return spec


@lru_cache(maxsize=1)
def load_specs() -> dict[str, Spec]:
    """All command specs shipped in guidekit/cmdlint/specs/."""
    specs: dict[str, Spec] = {}
    folder = resources.files("cmdlint") / "specs"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        for name, body in data.items():
            if name in specs:
                raise ValueError(f"{entry.name}: command {name!r} is also specified elsewhere")
            specs[name] = _build(name, body or {}, entry.name)
    return specs


def _suggest(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if not close and name.startswith("-") and not name.startswith("--"):
        close = [c for c in candidates if c == "-" + name]
    return f"; did you mean '{close[0]}'?" if close else ""


def _lookup(chain: list[Spec], name: str) -> Option | None:
    for level in reversed(chain):
        if name in level.options:
            return level.options[name]
    return None


def _all_options(chain: list[Spec]) -> list[str]:
    return sorted({name for level in chain for name in level.options})


def check_command(spec: Spec, words: list[Word]) -> list[Issue]:
    """Check the words after the command name against the spec."""
    issues: list[Issue] = []
    chain = [spec]
    title = spec.name
    positional: list[tuple[int, Word]] = []
    seen: set[str] = set()
    i = 0

    def value_issue(option: Option, shown: str, value: Word | str | None, index: int) -> None:
        text = value.value if isinstance(value, Word) else value
        if isinstance(value, Word) and not value.literal:
            return
        if text is None:
            return
        if option.choices and text not in option.choices:
            issues.append(
                Issue(
                    index,
                    f"invalid value '{text}' for {shown} of {title} "
                    f"(expected one of: {', '.join(option.choices)})"
                    + _suggest(text, list(option.choices)),
                )
            )
        elif option.pattern and not re.search(option.pattern, text):
            issues.append(Issue(index, f"invalid value '{text}' for {shown} of {title}"))

    def take_value(option: Option, shown: str, index: int) -> int:
        if option.value != "required":
            return index
        if index + 1 >= len(words):
            issues.append(Issue(index, f"option {shown} of {title} needs a value"))
            return index
        nxt = words[index + 1]
        if nxt.literal and (nxt.value or "").startswith("-") and len(nxt.value or "") > 1:
            issues.append(Issue(index, f"option {shown} of {title} needs a value"))
            return index
        value_issue(option, shown, nxt, index + 1)
        end = index + option.values
        if end >= len(words):
            issues.append(Issue(index, f"option {shown} of {title} needs {option.values} values"))
            return len(words) - 1
        return end

    while i < len(words):
        word = words[i]
        level = chain[-1]
        text = word.value
        if word.placeholder and text and text.startswith("-") and "=" in text:
            name = text.split("=", 1)[0]
            found = _lookup(chain, name)
            if found is None and (name.startswith("--") or level.single_dash_long):
                issues.append(
                    Issue(
                        i,
                        f"unknown option '{name}' for {title}"
                        + _suggest(name, _all_options(chain)),
                    )
                )
            seen.add(found.names[0] if found else name)
            i += 1
            continue
        if text is None or word.placeholder:
            positional.append((i, word))
            i += 1
            continue
        if text == "--":
            if level.command_after == "--":
                nested = words[i + 1 :]
                if nested and nested[0].literal and nested[0].value in load_specs():
                    inner = check_command(load_specs()[nested[0].value or ""], nested[1:])
                    issues.extend(Issue(x.word + i + 2, x.message) for x in inner)
                break
            positional.extend((j, w) for j, w in enumerate(words[i + 1 :], i + 1))
            break
        old_cluster = level.old_style and i == 0 and re.match(r"^[A-Za-z]+$", text)
        if (text.startswith("-") and text != "-") or old_cluster:
            if old_cluster:
                text = "-" + text
            if text.startswith("--") or level.single_dash_long:
                name, eq, value = text.partition("=")
                option = _lookup(chain, name)
                if option is None:
                    issues.append(
                        Issue(
                            i,
                            f"unknown option '{name}' for {title}"
                            + _suggest(name, _all_options(chain)),
                        )
                    )
                elif eq:
                    if option.value == "none":
                        issues.append(Issue(i, f"option {name} of {title} takes no value"))
                    else:
                        value_issue(option, name, value, i)
                else:
                    i = take_value(option, name, i)
                seen.add(option.names[0] if option else name)
            else:
                letters = text[1:]
                for position, letter in enumerate(letters):
                    option = _lookup(chain, "-" + letter)
                    if option is None:
                        long_guess = _suggest("-" + text, _all_options(chain))
                        issues.append(
                            Issue(
                                i,
                                f"unknown option '{text}' for {title}"
                                + (long_guess or _suggest("-" + letter, _all_options(chain))),
                            )
                        )
                        break
                    seen.add(option.names[0])
                    rest = letters[position + 1 :]
                    if option.value != "none" and rest:
                        value_issue(option, "-" + letter, rest, i)
                        break
                    if option.value == "required":
                        i = take_value(option, "-" + letter, i)
                        break
            i += 1
            continue
        if level.subcommands and not positional:
            if text in level.subcommands:
                chain.append(level.subcommands[text])
                title = f"{title} {text}"
            else:
                issues.append(
                    Issue(
                        i,
                        f"unknown subcommand '{text}' for {title}"
                        + _suggest(text, sorted(level.subcommands)),
                    )
                )
                return issues
            i += 1
            continue
        positional.append((i, word))
        if isinstance(level.command_after, int) and len(positional) == level.command_after:
            break
        i += 1
    if seen & INFORMATIONAL:
        return issues  # "tool --help", "tool --version": nothing else is required
    level = chain[-1]
    if level.subcommands and level.subcommand_required and not positional:
        choices = ", ".join(sorted(level.subcommands)[:8])
        issues.append(Issue(-1, f"missing subcommand for {title} (one of: {choices}, ...)"))
        return issues
    issues.extend(_check_args(level, title, positional))
    for level_spec in chain:
        if (
            level_spec.require_one_of
            and not issues
            and not (
                seen & set(level_spec.require_one_of)
                or {w.value for _, w in positional} & set(level_spec.require_one_of)
            )
        ):
            needed = ", ".join(level_spec.require_one_of[:6])
            more = ", ..." if len(level_spec.require_one_of) > 6 else ""
            issues.append(Issue(-1, f"{title} needs one of: {needed}{more}"))
        for option_name, needed in level_spec.requires.items():
            if option_name in seen and needed not in seen:
                issues.append(Issue(-1, f"option {option_name} of {title} needs {needed}"))
    return issues


def _check_args(level: Spec, title: str, positional: list[tuple[int, Word]]) -> list[Issue]:
    issues = []
    args = level.args
    count = len(positional)
    if "min" in args and count < int(args["min"]):
        issues.append(Issue(-1, f"{title} needs at least {args['min']} argument(s), got {count}"))
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
