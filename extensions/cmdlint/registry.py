"""The rule registry: one rule framework for every check.

Every check is a :class:`Rule`: an id, a family, a severity, a scope (where it
applies), whether it runs by default, and a docstring that says what it finds with
a bad and a good example (``cmdlint --explain RULE`` prints it).  Rules register
themselves with :func:`rule`; :func:`cmdlint.ruleset.all_rules` imports the rule
families.  A host that finds problems itself (guidekit's sequence check, the
AsciiDoc reader) registers its rules with :func:`external_rule` and hands its
findings to the engine or the builder; their ids are known, selected and refused
like any other.  This module imports no rule (no cycle).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cmdlint.matrix import ReleaseFacts
from cmdlint.model import Analysis, Block, Category, ProgramPrompt, ReleasePhase, Severity
from cmdlint.oracle import Checkers


class Scope(StrEnum):
    """How a rule is run."""

    BLOCK = "block"  # check(analysis, context): one block at a time
    CORPUS = "corpus"  # check(analyses, context): once, over every block of the run
    EXTERNAL = "external"  # no check: a reader or a host makes its findings


@dataclass(frozen=True)
class Hit:
    """What a rule reports; the engine adds the rule id, the severity and the path.

    A corpus rule names the ``block`` it found the problem in (else the engine looks
    the block up by path and line, for suppressions and the source position)."""

    line: int
    column: int
    message: str
    path: str | None = None
    severity: Severity | None = None  # a rule may lower its own severity for one hit
    block: Block | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class ProjectFacts:
    """What a project tells cmdlint about its product (``[tool.cmdlint]``): nothing of
    any product is built in."""

    product: str = "release"  # what the matrix's releases are called in messages
    repository_pattern: str | None = None  # repository ids that must be in the matrix
    prose_versions: str | None = None  # the project's products and packages (YAML)
    spec_folders: tuple[str, ...] = ()  # the project's command specs (*.yaml)
    prompts: tuple[str, ...] = ()  # the project's own shell prompts ("app$")
    #: the project's own prompts of other programs (besides session.PROGRAM_PROMPTS)
    program_prompts: tuple[ProgramPrompt, ...] = ()


@dataclass
class Context:
    """Facts that rules may use beyond the block: versions, specs, switches."""

    from_version: str | None = None
    to_version: str | None = None
    phase: ReleasePhase | None = None  # on the old release's systems or the new ones
    matrix: ReleaseFacts | None = None  # guidekit's VersionMatrix fits too
    use_bash: bool = True
    use_shellcheck: bool = True
    known_commands: frozenset[str] = frozenset()
    attributes: dict[str, str] = field(default_factory=dict)  # AsciiDoc, from the config
    attribute_files: tuple[str, ...] = ()  # AsciiDoc files that define attributes
    facts: ProjectFacts = field(default_factory=ProjectFacts)
    #: bash -n and shellcheck, as a service (the result cache is the process's)
    checkers: Checkers = field(default_factory=Checkers)
    extra: dict[str, Any] = field(default_factory=dict)


Check = Callable[..., Iterable[Hit]]
Prepare = Callable[[Sequence[Analysis], Context], None]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    scope: Scope
    check: Check | None
    doc: str
    family: str = ""
    #: The block categories a block rule looks at (None: every block, prose too).
    applies: frozenset[Category] | None = None
    #: Off unless selected by id or family.
    default: bool = True
    #: Runs before the checks (a rule starts its slow checker in the background).
    prepare: Prepare | None = None

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.id

    @property
    def explanation(self) -> str:
        """The docstring, dedented: what it finds, a bad and a good example."""
        return inspect.cleandoc(self.doc) if self.doc else self.summary


RULES: dict[str, Rule] = {}


def _family_of(module: str) -> str:
    """The family of a rule module: its name (``cmdlint.rules.prompts``: ``prompts``;
    ``cmdlint.asciidoc_rules``: ``asciidoc``); the package itself is ``meta``."""
    name = module.rsplit(".", 1)[-1]
    if name == "rules":
        return "meta"
    return name.removesuffix("_rules")


def rule(
    rule_id: str,
    severity: str | Severity,
    scope: str | Scope = Scope.BLOCK,
    *,
    family: str | None = None,
    applies: Iterable[str | Category] | None = None,
    default: bool = True,
    prepare: Prepare | None = None,
) -> Callable[[Check], Check]:
    """Register a rule.  Its docstring says what it finds, with a bad and a good example."""

    def register(func: Check) -> Check:
        _add(
            Rule(
                rule_id,
                Severity(severity),
                Scope(scope),
                func,
                func.__doc__ or "",
                family or _family_of(func.__module__),
                None if applies is None else frozenset(Category(c) for c in applies),
                default,
                prepare,
            )
        )
        return func

    return register


def external_rule(
    rule_id: str, severity: str | Severity, doc: str, family: str, *, default: bool = True
) -> Rule:
    """Register a rule whose findings a host makes (idempotent for the same rule)."""
    new = Rule(rule_id, Severity(severity), Scope.EXTERNAL, None, doc, family, None, default)
    known = RULES.get(rule_id)
    if known is not None and known.scope is Scope.EXTERNAL and known.family == family:
        return known
    _add(new)
    return new


def _add(new: Rule) -> None:
    if new.id in RULES:
        raise ValueError(f"rule {new.id!r} is registered twice")
    if not new.doc.strip():
        raise ValueError(f"rule {new.id!r} has no docstring (what it finds, bad and good)")
    RULES[new.id] = new


def families(rules: dict[str, Rule]) -> dict[str, set[str]]:
    """Rule ids by family."""
    found: dict[str, set[str]] = {}
    for item in rules.values():
        found.setdefault(item.family, set()).add(item.id)
    return found


class UnknownRule(ValueError):
    """A rule id or family that no rule has (the message names them)."""


def expand(names: Iterable[str], rules: dict[str, Rule]) -> set[str]:
    """Rule ids for names that are rule ids or families (a rule id wins over a family
    of the same name); an id prefix ending in ``-`` (``flow-``) selects its rules too.
    Unknown names raise :class:`UnknownRule`."""
    by_family = families(rules)
    chosen: set[str] = set()
    unknown: list[str] = []
    for name in names:
        if name in rules:
            chosen.add(name)
        elif name in by_family:
            chosen |= by_family[name]
        elif name.endswith("-") and any(r.startswith(name) for r in rules):
            chosen |= {r for r in rules if r.startswith(name)}
        else:
            unknown.append(name)
    if unknown:
        raise UnknownRule(
            f"unknown rule(s) {', '.join(sorted(unknown))} (see cmdlint --list-rules)"
        )
    return chosen
