"""The state model of the guides (procedures/states.yaml): load and validate.

The file declares the states an environment moves through while a guide is
followed (global maintenance, the ``ovirt-engine`` services, the Manager
virtual machine, a host, the backup, ...), each with its values, its value at
the start of a guide per topology, which values are transitional (a guide must
not end in them), and the rules that map a command (on a machine, in a
topology) to the states it requires and sets. ``flow.py`` walks the guides
with it. Pure: text in, plain objects or GuideError out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind, read_text
from guidekit.model.machines import MACHINES_SCHEMA, Machines, parse_machines
from guidekit.model.yamldata import line_of, parse_yaml, validate

_NAME = r"^[a-z][a-z0-9-]*$"
# a state, or a state of one instance / a machine's membership: name.instance
_KEY = r"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)?$"
_VALUE = {"type": "string", "pattern": _NAME}
_ASSIGN = {
    "type": "object",
    "propertyNames": {"pattern": _KEY},
    "additionalProperties": _VALUE,
    "minProperties": 1,
}
# A requirement may accept several values: {backup: [taken-engine-stopped]}.
_NEED = {
    "type": "object",
    "propertyNames": {"pattern": _KEY},
    "minProperties": 1,
    "additionalProperties": {
        "if": {"type": "array"},
        "then": {"minItems": 1, "items": _VALUE},
        "else": _VALUE,
    },
}
_ONE_OR_MORE = {
    "if": {"type": "array"},
    "then": {"minItems": 1, "items": {"type": "string"}},
    "else": {"type": "string"},
}

_START_CHECK = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "command": {"type": "string", "minLength": 1},
        "machine": _VALUE,
    },
    "dependentRequired": {"command": ["machine"], "machine": ["command"]},
}

STATES_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "guidekit state model (procedures/states.yaml)",
    "type": "object",
    "required": ["states", "rules"],
    "additionalProperties": False,
    "properties": {
        **MACHINES_SCHEMA,
        "states": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": _NAME},
            "additionalProperties": {
                "type": "object",
                "required": ["meaning", "values", "start", "end"],
                "additionalProperties": False,
                "properties": {
                    "meaning": {"type": "string", "minLength": 1},
                    "values": {
                        "type": "array",
                        "minItems": 2,
                        "uniqueItems": True,
                        "items": _VALUE,
                    },
                    # One value for every topology, or topology -> value (a topology
                    # left out does not have this state).
                    "start": {
                        "if": {"type": "object"},
                        "then": {"additionalProperties": _VALUE},
                        "else": _VALUE,
                    },
                    "transitional": {"type": "array", "items": _VALUE},
                    # restore: every guide ends with the start value again;
                    # changed: a guide may leave it changed (what the upgrade is for)
                    "end": {"enum": ["restore", "changed"]},
                    # an environment (a value per instance) or a machine it belongs to
                    "of": _VALUE,
                    # how an administrator sees, before step 1, that the state has its
                    # start value (a guide relying on it lists it); `given` when it is
                    # true by definition at the start (nothing to check)
                    "check": {
                        "if": {"type": "string"},
                        "then": {"const": "given"},
                        "else": _START_CHECK,
                    },
                },
            },
        },
        "never": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["states", "meaning"],
                "additionalProperties": False,
                "properties": {"states": _ASSIGN, "meaning": {"type": "string"}},
            },
        },
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["command", "machine"],
                "additionalProperties": False,
                "properties": {
                    "command": {
                        "type": "string",
                        "minLength": 1,
                        "description": "a regular expression searched in the command",
                    },
                    "machine": _ONE_OR_MORE,
                    "topology": _ONE_OR_MORE,
                    "when": {
                        "type": "object",
                        "description": "conditions of the environment, as a step's when:",
                    },
                    "if": _NEED,
                    "requires": _NEED,
                    "sets": _ASSIGN,
                    # states the command's outcome or output depends on
                    "reads": {"type": "array", "items": _VALUE},
                    # the command runs only where the rules of the command accept it:
                    # under a caption that may address another machine, flow-wrong-machine
                    "bound": {"type": "boolean"},
                    "with": {
                        "type": "string",
                        "minLength": 1,
                        "description": "a regular expression: the rule applies only in a "
                        "step of a guide that also runs a matching command",
                    },
                    "why": {"type": "string"},
                },
            },
        },
    },
}


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
    when: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    reads: tuple[str, ...] = ()
    #: the command runs nowhere but on the machines of the rules that match it
    bound: bool = False
    #: the rule applies only in a step of a guide that also runs a command matching it
    along: re.Pattern[str] | None = None

    def touches(self) -> tuple[set[str], set[str]]:
        """The states it reads (its conditions, requirements, output) and changes."""
        return {*self.guard, *self.requires, *self.reads}, set(self.sets)

    def applies(
        self,
        command: str,
        machine: str,
        facts: dict[str, Any],
        state: Mapping[str, str],
        step: Sequence[str] = (),
    ) -> bool:
        return (
            machine in self.machines
            and self.guarded(state, step)
            and self.recognises(command, facts)
        )

    def guarded(self, state: Mapping[str, str] | None, step: Sequence[str]) -> bool:
        """Its guards hold: its ``if:`` in ``state`` (None: not known, taken to
        hold) and its ``with:`` among the commands of the ``step``."""
        return (state is None or all(state.get(k) in v for k, v in self.guard.items())) and (
            self.along is None or any(self.along.search(c) for c in step)
        )

    def recognises(self, command: str, facts: Mapping[str, Any]) -> bool:
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
        facts: Mapping[str, Any],
        step: Sequence[str] = (),
        states: Sequence[Mapping[str, str]] | None = None,
    ) -> tuple[str, ...]:
        """The captions that a bound command may run under here, or () where no rule
        binds it: a rule says ``bound: true`` and its guards hold (``if:`` in one of
        ``states``, which None takes to hold; ``with:`` in the ``step``). The captions
        are the machines of every rule of the command."""
        rules = [r for r in self.rules if r.recognises(command, facts)]
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


def _values(raw: Any) -> tuple[str, ...]:
    return tuple(raw) if isinstance(raw, list) else (str(raw),)


def parse_states(
    text: str,
    path: str | Path,
    machines: frozenset[str] = frozenset(),
    topologies: tuple[str, ...] = (),
) -> StateModel:
    """Parse and cross-check the state model; one GuideError names file and line."""
    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise GuideError(
            "the state model must be a mapping with 'states' and 'rules'", path, 1, Kind.STATES
        )
    validate(data, STATES_SCHEMA, path, Kind.STATES)
    states: dict[str, State] = {}
    for name, spec in data["states"].items():
        line = line_of(data["states"], name)
        start = spec["start"]
        start_map = dict(start) if isinstance(start, dict) else {"*": start}
        state = State(
            name,
            spec["meaning"],
            tuple(spec["values"]),
            start_map,
            tuple(spec.get("transitional", ())),
            line,
            str(spec.get("of", "")),
            spec["end"] == "restore",
            _start_check(spec, path, line, machines),
        )
        for topology in start_map:
            if topology != "*" and topologies and topology not in topologies:
                raise GuideError(
                    f"state {name!r}: unknown topology {topology!r} "
                    f"(known: {', '.join(topologies)})",
                    path,
                    line,
                    Kind.STATES,
                )
        for value in (*start_map.values(), *state.transitional):
            if value not in state.values:
                raise GuideError(
                    f"state {name!r} has no value {value!r} (values: {', '.join(state.values)})",
                    path,
                    line,
                    Kind.STATES,
                )
        states[name] = state
    world = parse_machines(data, path, machines, topologies, data["states"])
    for name, state in states.items():
        if state.of and state.of not in world.environments and state.of not in world.machines:
            raise GuideError(
                f"state {name!r}: 'of' names no environment or machine: {state.of!r}",
                path,
                state.line,
                Kind.STATES,
            )
    clash = sorted(set(world.machines) & set(states))
    if clash:
        raise GuideError(
            f"{clash[0]!r} names both a state and a machine",
            path,
            line_of(data["states"], clash[0]),
            Kind.STATES,
        )
    model = StateModel(states, (), (), str(path), world)
    never = []
    for raw in data.get("never") or []:
        line = line_of(raw)
        _check(model, {k: (v,) for k, v in raw["states"].items()}, path, line)
        never.append(Never(dict(raw["states"]), raw["meaning"], line))
    rules = []
    for raw in data["rules"]:
        line = line_of(raw)
        pattern = _pattern(raw, "command", "the command pattern", path, line)
        on = _values(raw["machine"])
        unknown = [m for m in on if machines and m not in machines]
        if unknown:
            raise GuideError(
                f"unknown machine {unknown[0]!r} (known: {', '.join(sorted(machines))})",
                path,
                line_of(raw, "machine", line),
                Kind.STATES,
            )
        guard = {k: _values(v) for k, v in (raw.get("if") or {}).items()}
        requires = {k: _values(v) for k, v in (raw.get("requires") or {}).items()}
        reads = tuple(raw.get("reads") or ())
        for name in reads:
            if name not in states:
                raise GuideError(
                    f"reads: unknown state {name!r}", path, line_of(raw, "reads", line), Kind.STATES
                )
        sets = dict(raw.get("sets") or {})
        for key in ("if", "requires", "sets"):
            if key in raw:
                _check(
                    model,
                    {k: _values(v) for k, v in raw[key].items()},
                    path,
                    line_of(raw, key, line),
                )
        bound = bool(raw.get("bound", False))
        along = _pattern(raw, "with", "the pattern of with:", path, line) if "with" in raw else None
        if not requires and not sets and not reads and not bound:
            raise GuideError(
                "a rule needs 'requires', 'sets', 'reads' or 'bound'", path, line, Kind.STATES
            )
        when = {
            k: tuple(v) if isinstance(v, list) else (v,) for k, v in (raw.get("when") or {}).items()
        }
        rules.append(
            Rule(
                pattern,
                on,
                _values(raw.get("topology", [])),
                guard,
                requires,
                sets,
                str(raw.get("why", "")),
                line,
                when,
                reads,
                bound,
                along,
            )
        )
    return StateModel(states, tuple(rules), tuple(never), str(path), world)


def _start_check(
    spec: dict[str, Any], path: str | Path, line: int, machines: frozenset[str]
) -> StartCheck | None:
    raw = spec.get("check")
    if raw is None:
        return None
    line = line_of(spec, "check", line)
    if raw == "given":
        return StartCheck("", line, given=True)
    machine = str(raw.get("machine", ""))
    if machine and machines and machine not in machines:
        raise GuideError(
            f"check: unknown machine {machine!r} (known: {', '.join(sorted(machines))})",
            path,
            line,
            Kind.STATES,
        )
    command = str(raw.get("command", ""))
    if "\n" in command.strip():
        raise GuideError("check: give one command", path, line, Kind.STATES)
    return StartCheck(str(raw["text"]).strip(), line, command.strip(), machine)


def _check(
    model: StateModel, values: dict[str, tuple[str, ...]], path: str | Path, line: int
) -> None:
    for name, accepted in values.items():
        for value in accepted:
            problem = model.check_value(name, value)
            if problem:
                raise GuideError(problem, path, line, Kind.STATES)


def load_states(
    path: Path, machines: frozenset[str] = frozenset(), topologies: tuple[str, ...] = ()
) -> StateModel:
    return parse_states(read_text(path), path, machines, topologies)


def _pattern(
    raw: dict[str, Any], key: str, what: str, path: str | Path, line: int
) -> re.Pattern[str]:
    """The regular expression of a rule's ``key``; one that does not compile is an
    error at its line."""
    try:
        return re.compile(raw[key])
    except re.error as exc:
        raise GuideError(
            f"{what} {raw[key]!r} does not compile: {exc}",
            path,
            line_of(raw, key, line),
            Kind.STATES,
        ) from None
