"""One walk through a guide: the state, where each value was set, the findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guidekit.model.states import StateModel

#: Where a value was set: (procedure file, line).
Origin = tuple[str, int]


@dataclass(frozen=True, order=True)
class FlowFinding:
    path: str
    line: int
    rule: str
    severity: str  # "error" or "warning"
    message: str


@dataclass(frozen=True)
class FlowRule:
    id: str
    severity: str
    doc: str


@dataclass
class Walk:
    """One path through a guide: the state, and where each value was set."""

    model: StateModel
    topology: str
    facts: dict[str, Any]
    state: dict[str, str]
    findings: set[FlowFinding]
    origin: dict[str, Origin] = field(default_factory=dict)

    def report(self, rule: FlowRule, path: str, line: int, message: str) -> None:
        self.findings.add(FlowFinding(path, line, rule.id, rule.severity, message))

    def where(self, name: str) -> str:
        origin = self.origin.get(name)
        return f"set at {origin[0]}:{origin[1]}" if origin else "at the start"

    def describe(self, name: str) -> str:
        value = self.state.get(name)
        if value is None:
            return f"{name} does not apply to a {self.topology} environment"
        return f"it is {value} ({self.where(name)})"

    def assign(self, changes: dict[str, str], origin: Origin) -> bool:
        """Set the values (states the topology lacks are left out); True if any changed."""
        changed = False
        for name, value in changes.items():
            if name not in self.state:
                continue
            changed |= self.state[name] != value
            self.state[name] = value
            self.origin[name] = origin
        return changed
