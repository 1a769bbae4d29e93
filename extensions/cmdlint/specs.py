"""Declarative option specs: hand-written (specs/*.yaml, one file per command family)
and generated from the fish shell's completions (specs/generated/fish.tsv, see
:mod:`cmdlint.specgen`).  The checker is :mod:`cmdlint.argcheck`.

Hand-written specs win.  One may start from the generated options of its command
with ``base: generated`` and add what fish cannot know (operand counts, values).
Generated specs are *lenient* (``strict=False``): fish's lists are not complete, so
only what is certainly wrong is reported (an option that is a near miss of a known
one, a single-dash long option).  The generated file is read on the first lookup of
a command that no hand-written spec has, and each line is parsed when asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cmdlint.errors import CmdlintError

SPEC_KEYS = {
    "source",  # where the options come from (a man page, --help of a version)
    "complete",  # true: every option and subcommand is listed (unknown ones are errors)
    "deprecated",  # options that still work but are never suggested
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
    "base",
    "operands",
}
# needs: the package manager (of the version matrix) a release must use for the
# option or subcommand to exist, e.g. yum's --nobest exists only in dnf-based yum.
# operand: the option's value stands for an operand (grep -e PATTERN, cp -t DIR).
OPTION_KEYS = {"value", "choices", "pattern", "needs", "values", "operand"}
VALUE_KINDS = {"none", "required", "optional"}
# min_when: {option: N}: at least N operands when the option is given (rpm -U FILE)
ARG_KEYS = {"min", "max", "choices", "pattern", "first_pattern", "min_when"}
INFORMATIONAL = {"--help", "-help", "--version"}


@dataclass
class Option:
    names: tuple[str, ...]
    value: str = "none"  # none, required, optional
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    needs: str | None = None
    values: int = 1  # words a required value takes (hosted-engine --set-shared-config KEY VALUE)
    operand: bool = False


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
    strict: bool = True  # False for generated specs: their option lists may be incomplete
    source: str = ""
    # complete: every option and subcommand is in the spec, so an unknown one is a
    # mistake (error); otherwise only a near miss of a known one is (issue 18)
    complete: bool = False
    deprecated: frozenset[str] = frozenset()
    # operands: what the operands are ("package": names that a wrapped line may continue)
    operands: str | None = None


@dataclass
class Issue:
    word: int  # index into the words given (-1: the command as a whole)
    message: str
    doubtful: bool = False  # the spec may lack it: a warning, not an error


def subcommand_levels(spec: Spec, words: list[str]) -> list[Spec]:
    """The spec and the subcommand specs that ``words`` (options skipped) walk
    into, outermost first: ``systemctl restart X`` -> [systemctl, restart]."""
    levels = [spec]
    for word in words:
        if word.startswith("-"):
            continue
        if word not in levels[-1].subcommands:
            break
        levels.append(levels[-1].subcommands[word])
    return levels


def _build(name: str, data: dict[str, Any], where: str) -> Spec:
    unknown = set(data) - SPEC_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown spec keys {sorted(unknown)}")
    spec = Spec(name)
    for key, value in (data.get("options") or {}).items():
        option = _option(str(key), value, where)
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
    spec.operands = data.get("operands")
    spec.source = str(data.get("source") or "")
    spec.complete = bool(data.get("complete"))
    spec.deprecated = frozenset(str(d) for d in data.get("deprecated") or ())
    return spec


def _option(key: str, value: Any, where: str) -> Option:
    """An option from its spec entry: empty (a flag), a value kind (``required``), or
    a mapping of OPTION_KEYS."""
    if isinstance(value, str):
        value = {"value": value}
    value = value or {}
    if set(value) - OPTION_KEYS:
        raise ValueError(f"{where}: option {key}: unknown keys {sorted(set(value) - OPTION_KEYS)}")
    kind = str(value.get("value", "none"))
    if kind not in VALUE_KINDS:
        raise ValueError(f"{where}: option {key}: value must be one of {sorted(VALUE_KINDS)}")
    return Option(
        tuple(key.split("|")),
        kind,
        tuple(str(c) for c in value.get("choices", ())),
        value.get("pattern"),
        value.get("needs"),
        int(value.get("values", 1)),
        bool(value.get("operand")),
    )


class SpecError(CmdlintError):
    """A project's spec file that cannot be read (named with its path)."""


def load_specs(extra: tuple[str, ...] = ()) -> dict[str, Spec]:
    """The hand-written command specs shipped in cmdlint/specs/*.yaml, then the
    project's (``*.yaml`` in the folders of ``[tool.cmdlint] specs``), which replace
    a shipped spec of the same command: a team knows its own tools best.
    Read once per process and set of folders."""
    return _load_specs(tuple(extra))


def clear_spec_caches() -> None:
    """Forget the specs read (a test or a long-lived process whose specs changed)."""
    _load_specs.cache_clear()
    spec_for.cache_clear()


@lru_cache(maxsize=4)
def _load_specs(extra: tuple[str, ...]) -> dict[str, Spec]:
    import yaml  # here, not at import: a run over prose never loads the specs

    # libyaml's loader when PyYAML has it: the specs load about seven times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    specs: dict[str, Spec] = {}
    from importlib import resources  # loads tempfile and shutil: only with the specs

    folder = resources.files("cmdlint") / "specs"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader) or {}
        for name, body in data.items():
            if name in specs:
                raise ValueError(f"{entry.name}: command {name!r} is also specified elsewhere")
            body = dict(body or {})
            based = body.pop("base", None) == "generated"
            if based:
                body = _on_generated(str(name), body)
            specs[name] = _build(name, body, entry.name)
            specs[name].strict = not based  # fish's option lists may be incomplete
    specs.update(_project_specs(extra, loader))
    return specs


def _project_specs(folders: tuple[str, ...], loader: Any) -> dict[str, Spec]:
    import yaml

    found: dict[str, Spec] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.yaml")):
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
                if not isinstance(data, dict):
                    raise ValueError("a mapping of command name to spec expected")
                for name, body in data.items():
                    if name in found:
                        raise ValueError(f"command {name!r} is also specified elsewhere")
                    body = dict(body or {})
                    based = body.pop("base", None) == "generated"
                    if based:
                        body = _on_generated(str(name), body)
                    found[name] = _build(name, body, str(path))
                    found[name].strict = not based
            except (
                OSError,
                UnicodeDecodeError,
                yaml.YAMLError,
                ValueError,
                TypeError,
                AttributeError,
            ) as exc:
                raise SpecError(f"{path}: {exc}") from None
    return found


def _on_generated(name: str, body: dict[str, Any]) -> dict[str, Any]:
    """A hand-written spec on top of the generated one: its options are added to (and
    replace, name by name) the generated options."""
    base = _generated_data(name)
    if base is None:
        return body
    mine = {alias for key in body.get("options") or {} for alias in str(key).split("|")}
    options = {
        key: value
        for key, value in (base.get("options") or {}).items()
        if not mine & set(key.split("|"))
    }
    options.update(body.get("options") or {})
    return {**body, "options": options}


GENERATED = ("specs", "generated", "fish.tsv")


@lru_cache(maxsize=1)
def _generated_index() -> dict[str, str]:
    """Command name -> its line of the generated file (parsed only when asked for)."""
    from importlib import resources

    path = resources.files("cmdlint").joinpath(*GENERATED)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    index = {}
    for line in text.split("\n"):
        name, tab, body = line.partition("\t")
        if tab and not name.startswith("#"):
            index[name] = body
    return index


def _generated_data(name: str) -> dict[str, Any] | None:
    body = _generated_index().get(name)
    return json.loads(body) if body else None


def generated_names() -> frozenset[str]:
    """The commands that have a generated spec."""
    return frozenset(_generated_index())


@lru_cache(maxsize=4096)
def spec_for(name: str, extra: tuple[str, ...] = ()) -> Spec | None:
    """The spec of a command: the project's or the shipped hand-written one, else the
    generated one (lenient)."""
    hand = load_specs(extra).get(name)
    if hand is not None:
        return hand
    data = _generated_data(name)
    if data is None:
        return None
    spec = _build(name, data, "/".join(GENERATED))
    spec.strict = False
    return spec
