"""One walk through a guide: the state, where each value was set, the findings.

The walk's state has a key per state (``engine``), per instance of an
environment for states of one (``global-maintenance.old``,
``global-maintenance.new``) and per machine's membership
(``deployment-host.she-cluster``).  A step sees it through a :class:`View`:
the state as the machine it runs on sees it, its environment's instance under
the plain name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cmdlint.model import Severity
from guidekit.model.manifest import Facts, Step
from guidekit.model.states import StateModel

#: Where a value was set: (procedure file, line).
Origin = tuple[str, int]
#: What a step set on one path: (step, key, value, None if that changed the
#: value, else the step and line that had set it already).
Setting = tuple[Step, str, str, tuple[Step, Origin] | None]


@dataclass(frozen=True, order=True)
class FlowFinding:
    path: str
    line: int
    rule: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class FlowRule:
    id: str
    severity: Severity
    doc: str


@dataclass
class Walk:
    """One path through a guide: the state, and where each value was set."""

    model: StateModel
    topology: str
    facts: Facts
    state: dict[str, str]
    findings: set[FlowFinding]
    origin: dict[str, Origin] = field(default_factory=dict)
    #: the step being walked (and the commands it runs), and the step that set
    #: each key last
    step: Step | None = None
    commands: tuple[str, ...] = ()
    by_step: dict[str, Step] = field(default_factory=dict)
    #: what each step set: (step, key, value, None if it changed the value, else
    #: the step and line that had set it already)
    settings: list[Setting] = field(default_factory=list)
    #: the keys a step reads or changes before any step set them (what the guide
    #: assumes at its start), with the first event that does
    assumed: dict[str, Origin] = field(default_factory=dict)

    def report(self, rule: FlowRule, path: str, line: int, message: str) -> None:
        self.findings.add(FlowFinding(path, line, rule.id, rule.severity, message))

    def note_read(self, key: str, origin: Origin) -> None:
        """``key`` is read or changed here: an assumption about the start if no step
        set it before."""
        if key not in self.origin and key not in self.assumed:
            self.assumed[key] = origin

    def where(self, key: str) -> str:
        origin = self.origin.get(key)
        return f"set at {origin[0]}:{origin[1]}" if origin else "at the start"

    def members(self, caption: str) -> tuple[str, ...]:
        """The machines a caption addresses now (none: it is not modelled)."""
        return self.model.world.resolve(caption, self.state)

    def view(self, machine: str | None) -> View:
        """The state as ``machine`` sees it (None: the environment-wide states only)."""
        world = self.model.world
        keys: dict[str, str] = {}
        for name, state in self.model.states.items():
            if not self.model.instances(state):
                keys[name] = name
            elif machine is not None:
                instance = world.instance(machine, state.of, self.state)
                if instance is not None:
                    keys[name] = f"{name}.{instance}"
        return View(self, machine, keys)

    def live_instances(self, environment: str) -> set[str]:
        """The instances of an environment that some machine still belongs to."""
        world = self.model.world
        return {
            instance
            for machine in world.machines
            if (instance := world.instance(machine, environment, self.state))
        }


@dataclass
class View:
    """The walk's state as one machine sees it."""

    walk: Walk
    machine: str | None
    keys: dict[str, str]  # plain state name -> key in walk.state

    def key(self, name: str) -> str | None:
        """The walk's key of a state name (a dotted name is a key already)."""
        key = name if "." in name else self.keys.get(name)
        return key if key is not None and key in self.walk.state else None

    def values(self) -> dict[str, str]:
        """Plain names and dotted keys -> values, for a rule's conditions."""
        state = self.walk.state
        return {**state, **{name: state[key] for name, key in self.keys.items() if key in state}}

    def get(self, name: str) -> str | None:
        key = self.key(name)
        return None if key is None else self.walk.state[key]

    def describe(self, name: str) -> str:
        key = self.key(name)
        if key is None:
            return f"{name} does not apply to {self._subject()}"
        return f"it is {self.walk.state[key]} ({self.walk.where(key)})"

    def _subject(self) -> str:
        topology = f"a {self.walk.topology} environment"
        return f"{self.machine} in {topology}" if self.machine else topology

    def assign(self, changes: dict[str, str], origin: Origin) -> bool:
        """Set the values (states this machine or topology lacks are left out);
        True if any changed."""
        changed = False
        for name, value in changes.items():
            key = self.key(name)
            if key is None:
                continue
            walk = self.walk
            walk.note_read(key, origin)  # what it changes, it found at its start value
            differs = walk.state[key] != value
            changed |= differs
            if walk.step is not None:
                setter = walk.by_step.get(key)
                before = None if differs or setter is None else (setter, walk.origin[key])
                walk.settings.append((walk.step, key, value, before))
                if differs:
                    walk.by_step[key] = walk.step
            if differs or key not in walk.origin:
                walk.origin[key] = origin
            walk.state[key] = value
        return changed
