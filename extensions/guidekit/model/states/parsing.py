"""Reading the state model (procedures/states.yaml): the file validated against
its schema, then its states, machines, ``never`` combinations and rules, each
cross-checked against what the file declares; one GuideError names file and
line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind, read_text
from guidekit.model.manifest.terms import Conditions
from guidekit.model.states.machine_parsing import parse_machines
from guidekit.model.states.machines import Machines
from guidekit.model.states.schema import STATES_SCHEMA
from guidekit.model.states.state_model import Never, Rule, StartCheck, State, StateModel
from guidekit.model.yamldata import line_of, parse_yaml, validate


def load_states(
    path: Path, machines: frozenset[str] = frozenset(), topologies: tuple[str, ...] = ()
) -> StateModel:
    return parse_states(read_text(path), path, machines, topologies)


def parse_states(
    text: str,
    path: str | Path,
    machines: frozenset[str] = frozenset(),
    topologies: tuple[str, ...] = (),
) -> StateModel:
    """Parse and cross-check the state model; one GuideError names file and line."""
    data = _validated(text, path)
    raw_states = data["states"]
    states = {
        name: _state(name, spec, line_of(raw_states, name), path, machines, topologies)
        for name, spec in raw_states.items()
    }
    world = parse_machines(data, path, machines, topologies, raw_states)
    _check_owners(states, world, path)
    _check_no_clash(states, world, raw_states, path)
    model = StateModel(states, (), (), str(path), world)
    never = tuple(_never(model, raw, path) for raw in data.get("never") or [])
    rules = tuple(_rule(model, raw, path, machines) for raw in data["rules"])
    return StateModel(states, rules, never, str(path), world)


def _validated(text: str, path: str | Path) -> dict[str, Any]:
    """The file's data, a mapping valid against STATES_SCHEMA."""
    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise GuideError(
            "the state model must be a mapping with 'states' and 'rules'", path, 1, Kind.STATES
        )
    validate(data, STATES_SCHEMA, path, Kind.STATES)
    return data


# --- states -------------------------------------------------------------------


def _state(
    name: str,
    spec: dict[str, Any],
    line: int,
    path: str | Path,
    machines: frozenset[str],
    topologies: tuple[str, ...],
) -> State:
    """One entry of ``states``, its start and transitional values checked."""
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
    _check_start_topologies(state, path, topologies)
    _check_own_values(state, path)
    return state


def _check_start_topologies(state: State, path: str | Path, topologies: tuple[str, ...]) -> None:
    for topology in state.start:
        if topology != "*" and topologies and topology not in topologies:
            raise GuideError(
                f"state {state.name!r}: unknown topology {topology!r} "
                f"(known: {', '.join(topologies)})",
                path,
                state.line,
                Kind.STATES,
            )


def _check_own_values(state: State, path: str | Path) -> None:
    """Its start and transitional values are among its values."""
    for value in (*state.start.values(), *state.transitional):
        if value not in state.values:
            raise GuideError(
                f"state {state.name!r} has no value {value!r} (values: {', '.join(state.values)})",
                path,
                state.line,
                Kind.STATES,
            )


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


def _check_owners(states: dict[str, State], world: Machines, path: str | Path) -> None:
    """The ``of`` of every state names an environment or a machine."""
    for name, state in states.items():
        if state.of and state.of not in world.environments and state.of not in world.machines:
            raise GuideError(
                f"state {name!r}: 'of' names no environment or machine: {state.of!r}",
                path,
                state.line,
                Kind.STATES,
            )


def _check_no_clash(
    states: dict[str, State], world: Machines, raw_states: dict[str, Any], path: str | Path
) -> None:
    """No name is both a state and a machine (``<name>.<x>`` would be ambiguous)."""
    clash = sorted(set(world.machines) & set(states))
    if clash:
        raise GuideError(
            f"{clash[0]!r} names both a state and a machine",
            path,
            line_of(raw_states, clash[0]),
            Kind.STATES,
        )


# --- never and rules ------------------------------------------------------------


def _never(model: StateModel, raw: dict[str, Any], path: str | Path) -> Never:
    line = line_of(raw)
    _check(model, {k: (v,) for k, v in raw["states"].items()}, path, line)
    return Never(dict(raw["states"]), raw["meaning"], line)


def _rule(
    model: StateModel, raw: dict[str, Any], path: str | Path, machines: frozenset[str]
) -> Rule:
    """One entry of ``rules``: its patterns compiled, its machines, states and
    values known, and something for it to do."""
    line = line_of(raw)
    pattern = _pattern(raw, "command", "the command pattern", path, line)
    on = _rule_machines(raw, path, line, machines)
    guard = _values_by_name(raw.get("if"))
    requires = _values_by_name(raw.get("requires"))
    reads = _rule_reads(raw, model, path, line)
    sets = dict(raw.get("sets") or {})
    for key in ("if", "requires", "sets"):
        if key in raw:
            _check(model, _values_by_name(raw[key]), path, line_of(raw, key, line))
    bound = bool(raw.get("bound", False))
    along = _pattern(raw, "with", "the pattern of with:", path, line) if "with" in raw else None
    if not requires and not sets and not reads and not bound:
        raise GuideError(
            "a rule needs 'requires', 'sets', 'reads' or 'bound'", path, line, Kind.STATES
        )
    topologies = _values(raw.get("topology", []))
    why = str(raw.get("why", ""))
    when = _conditions(raw.get("when"))
    return Rule(
        pattern, on, topologies, guard, requires, sets, why, line, when, reads, bound, along
    )


def _values(raw: Any) -> tuple[str, ...]:
    return tuple(raw) if isinstance(raw, list) else (str(raw),)


def _values_by_name(raw: dict[str, Any] | None) -> dict[str, tuple[str, ...]]:
    """States (``if:``, ``requires:``, ``sets:``) to one value or a list of them:
    name -> the values."""
    return {k: _values(v) for k, v in (raw or {}).items()}


def _conditions(raw: dict[str, Any] | None) -> Conditions:
    """``when:``, conditions of the environment to one value or a list of them
    (kept as written: a condition may be a number or a boolean)."""
    return {k: tuple(v) if isinstance(v, list) else (v,) for k, v in (raw or {}).items()}


def _rule_machines(
    raw: dict[str, Any], path: str | Path, line: int, machines: frozenset[str]
) -> tuple[str, ...]:
    """The rule's ``machine``: one caption or several, each known."""
    on = _values(raw["machine"])
    unknown = [m for m in on if machines and m not in machines]
    if unknown:
        raise GuideError(
            f"unknown machine {unknown[0]!r} (known: {', '.join(sorted(machines))})",
            path,
            line_of(raw, "machine", line),
            Kind.STATES,
        )
    return on


def _rule_reads(
    raw: dict[str, Any], model: StateModel, path: str | Path, line: int
) -> tuple[str, ...]:
    """The states the rule's command reads, each known."""
    reads = tuple(raw.get("reads") or ())
    for name in reads:
        if name not in model.states:
            raise GuideError(
                f"reads: unknown state {name!r}", path, line_of(raw, "reads", line), Kind.STATES
            )
    return reads


def _check(
    model: StateModel, values: dict[str, tuple[str, ...]], path: str | Path, line: int
) -> None:
    for name, accepted in values.items():
        for value in accepted:
            problem = model.check_value(name, value)
            if problem:
                raise GuideError(problem, path, line, Kind.STATES)


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
