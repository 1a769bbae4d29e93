"""The state model: states with their values and start values, the rules that
map a command to the states it requires and sets, and the model that answers
the walk's questions about them (guidekit.model.flow)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from guidekit.model.manifest.terms import Conditions, Facts
from guidekit.model.states.machines import Machines


@dataclass(frozen=True)
class StartCheck:
    """How an administrator sees, before step 1, that a state has its start value."""

    text: str
    line: int
    command: str = ""
    machine: str = ""
    given: bool = False  # true by definition at the start: nothing to check


@dataclass(frozen=True)
class State:
    name: str
    meaning: str
    values: tuple[str, ...]
    start: dict[str, str]  # topology -> value ("*": every topology)
    transitional: tuple[str, ...]
    line: int
    of: str = ""  # the environment (a value per instance) or machine it belongs to
    restore: bool = False  # every guide ends with the start value again
    #: how to see before step 1 that it has its start value (None: not declared;
    #: ``given``: true by definition at the start)
    check: StartCheck | None = None

    def start_value(self, topology: str) -> str | None:
        return self.start.get(topology, self.start.get("*"))


@dataclass(frozen=True)
class Never:
    states: dict[str, str]
    meaning: str
    line: int


@dataclass(frozen=True)
class Rule:
    """A command pattern, where it applies, and what it requires and sets."""

    pattern: re.Pattern[str]
    machines: tuple[str, ...]
    topologies: tuple[str, ...]
    guard: dict[str, tuple[str, ...]]
    requires: dict[str, tuple[str, ...]]
    sets: dict[str, str]
    why: str
    line: int
    when: Conditions = field(default_factory=dict)
    reads: tuple[str, ...] = ()
    #: the command runs nowhere but on the machines of the rules that match it
    bound: bool = False
    #: the rule applies only in a step of a guide that also runs a command matching it
    along: re.Pattern[str] | None = None

    def touches(self) -> tuple[set[str], set[str]]:
        """The states it reads (its conditions, requirements, output) and changes."""
        return {*self.guard, *self.requires, *self.reads}, set(self.sets)

    def guarded(self, state: Mapping[str, str] | None, step: Sequence[str]) -> bool:
        """Its guards hold: its ``if:`` in ``state`` (None: not known, taken to
        hold) and its ``with:`` among the commands of the ``step``."""
        return (state is None or all(state.get(k) in v for k, v in self.guard.items())) and (
            self.along is None or any(self.along.search(c) for c in step)
        )

    def recognises(self, command: str, facts: Facts) -> bool:
        """The command is this rule's, in this environment, whatever the machine."""
        return (
            (not self.topologies or facts.get("topology") in self.topologies)
            and all(facts.get(k) in v for k, v in self.when.items())
            and self.pattern.search(command) is not None
        )


@dataclass(frozen=True)
class StateModel:
    states: dict[str, State]
    rules: tuple[Rule, ...]
    never: tuple[Never, ...] = ()
    path: str = ""
    world: Machines = field(default_factory=Machines)
    #: (command, environment) -> the rules that recognise the command there: a walk
    #: asks for every command on every path, and the answer never changes
    _recognising: dict[tuple[str, tuple[tuple[str, object], ...]], tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def recognising(self, command: str, facts: Facts) -> tuple[Rule, ...]:
        """The rules that recognise ``command`` in this environment, in their order."""
        key = (command, tuple(sorted(facts.items())))
        found = self._recognising.get(key)
        if found is None:
            found = tuple(r for r in self.rules if r.recognises(command, facts))
            self._recognising[key] = found
        return found

    def check_value(self, name: str, value: str) -> str | None:
        """None if ``name = value`` is known, else what is wrong (for a writer).

        ``name`` is a state, a state of one instance of its environment
        (``global-maintenance.new``) or a machine's membership
        (``deployment-host.she-cluster``)."""
        values = self.values_of(name)
        if values is None:
            return f"unknown state {name!r} (known: {', '.join(self.states)})"
        if value not in values:
            return f"state {name!r} has no value {value!r} (values: {', '.join(values)})"
        return None

    def values_of(self, name: str) -> tuple[str, ...] | None:
        membership = self.world.membership_values(name)
        if membership is not None:
            return membership
        base, _, instance = name.partition(".")
        state = self.states.get(base)
        if state is None:
            return None
        if instance and instance not in self.instances(state):
            return None
        return state.values

    def instances(self, state: State) -> tuple[str, ...]:
        environment = self.world.environments.get(state.of)
        return environment.instances if environment else ()

    def accepted(
        self,
        command: str,
        facts: Facts,
        step: Sequence[str] = (),
        states: Sequence[Mapping[str, str]] | None = None,
    ) -> tuple[str, ...]:
        """The captions that a bound command may run under here, or () where no rule
        binds it: a rule says ``bound: true`` and its guards hold (``if:`` in one of
        ``states``, which None takes to hold; ``with:`` in the ``step``). The captions
        are the machines of every rule of the command."""
        rules = self.recognising(command, facts)
        known: Sequence[Mapping[str, str] | None] = [None] if states is None else states
        if not any(r.bound and any(r.guarded(state, step) for state in known) for r in rules):
            return ()
        return tuple(dict.fromkeys(c for r in rules for c in r.machines))

    def conditions(self, topology: str) -> set[str]:
        """The conditions of the environment that the rules of a topology depend on."""
        return {
            name
            for rule in self.rules
            if not rule.topologies or topology in rule.topologies
            for name in rule.when
            if name != "topology"
        }

    def state_of(self, key: str) -> State:
        """The state a key of the walk (``name`` or ``name.instance``) is a value of."""
        return self.states[key.partition(".")[0]]

    def start_state(self, topology: str) -> dict[str, str]:
        """Every value at the start: states (per instance), memberships."""
        start = self.world.start_state(topology)
        for name, state in self.states.items():
            value = state.start_value(topology)
            if value is None:
                continue
            for instance in self.instances(state) or ("",):
                start[f"{name}.{instance}" if instance else name] = value
        return start
