"""The rule registry: every rule has an id, a severity and a docstring with examples.

Rules register themselves with :func:`rule`; :func:`cmdlint.ruleset.all_rules`
imports the rule families.  This module imports no rule (no cycle).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cmdlint.matrix import ReleaseFacts
from cmdlint.model import Severity


@dataclass(frozen=True)
class Hit:
    """What a rule reports; the engine adds the rule id, the severity and the path."""

    line: int
    column: int
    message: str
    path: str | None = None
    severity: Severity | None = None  # a rule may lower its own severity for one hit


@dataclass
class Context:
    """Facts that rules may use beyond the block: versions, specs, switches."""

    from_version: str | None = None
    to_version: str | None = None
    phase: str | None = None  # "from": on the old release's systems; "to": on the new ones
    matrix: ReleaseFacts | None = None  # guidekit's VersionMatrix fits too
    use_bash: bool = True
    use_shellcheck: bool = True
    known_commands: frozenset[str] = frozenset()
    attributes: dict[str, str] = field(default_factory=dict)  # AsciiDoc, from the config
    attribute_files: tuple[str, ...] = ()  # AsciiDoc files that define attributes
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    scope: str  # "block" or "corpus"
    check: Callable[..., Iterable[Hit]]
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.id


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, severity: str, scope: str = "block"
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register a rule.  Its docstring says what it finds, with a bad and a good example."""

    def register(func: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(rule_id, Severity(severity), scope, func, func.__doc__ or "")
        return func

    return register
