"""The ``environments``, ``machines``, ``captions`` and ``annotations-on``
sections of the state model, read and cross-checked (guidekit.model.states.machines)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind
from guidekit.model.states.machines import NONE, Caption, Environment, Machine, Machines
from guidekit.model.yamldata import line_of


def parse_machines(
    data: Mapping[str, Any],
    path: str | Path,
    captions_known: frozenset[str],
    topologies: tuple[str, ...],
    states: Mapping[str, Any],
) -> Machines:
    """The ``environments``, ``machines`` and ``captions`` sections, cross-checked."""
    environments = _environments(data.get("environments") or {})
    raw_machines = data.get("machines") or {}
    machines = {
        name: _machine(name, spec, environments, topologies, path, line_of(raw_machines, name))
        for name, spec in raw_machines.items()
    }
    captions = _captions(data.get("captions") or {}, captions_known, machines, states, path)
    for environment in environments.values():
        line = line_of(data.get("environments") or {}, environment.name)
        _check_environment_end(environment, machines, captions, path, line)
    annotations_on = _annotations_on(data, captions, path)
    return Machines(environments, machines, captions, annotations_on)


def _environments(raw: Mapping[str, Any]) -> dict[str, Environment]:
    return {name: _environment(name, spec) for name, spec in raw.items()}


def _environment(name: str, spec: Mapping[str, Any]) -> Environment:
    end = spec.get("end") or {}
    return Environment(
        name,
        spec["meaning"],
        tuple(spec["instances"]),
        str(end.get("of", "")),
        tuple(end.get("nodes", ())),
        int(end.get("at-least", 0)),
        str(end.get("why", "")),
    )


def _machine(
    name: str,
    spec: Mapping[str, Any],
    environments: Mapping[str, Environment],
    topologies: tuple[str, ...],
    path: str | Path,
    line: int,
) -> Machine:
    """A machine, with the instance of each environment it starts in (``in:``)."""
    start: dict[str, dict[str, str]] = {}
    for env, where in (spec.get("in") or {}).items():
        if env not in environments:
            raise GuideError(
                f"machine {name!r}: unknown environment {env!r} (known: "
                f"{', '.join(environments) or 'none'})",
                path,
                line,
                Kind.STATES,
            )
        start[env] = dict(where) if isinstance(where, dict) else {"*": where}
        for topology, instance in start[env].items():
            _known(
                instance,
                (*environments[env].instances, NONE),
                f"machine {name!r}: environment {env!r} has no instance",
                path,
                line,
            )
            if topology != "*" and topologies:
                _known(topology, topologies, f"machine {name!r}: unknown topology", path, line)
    return Machine(name, spec["meaning"], start)


def _captions(
    raw: Mapping[str, Any],
    captions_known: frozenset[str],
    machines: Mapping[str, Machine],
    states: Mapping[str, Any],
    path: str | Path,
) -> dict[str, Caption]:
    """The ``captions`` section: each caption one the guides use (when they are
    known) and addressing known machines."""
    captions: dict[str, Caption] = {}
    for name, spec in raw.items():
        line = line_of(raw, name)
        if captions_known:
            _known(name, tuple(sorted(captions_known)), "unknown machine caption", path, line)
        captions[name] = _caption(name, spec, machines, states, path, line)
    return captions


def _check_environment_end(
    environment: Environment,
    machines: Mapping[str, Machine],
    captions: Mapping[str, Caption],
    path: str | Path,
    line: int,
) -> None:
    """The ``end:`` of an environment names known machines and a known caption."""
    where = f"environment {environment.name!r}"
    for node in environment.nodes:
        _known(node, tuple(machines), f"{where}: unknown machine", path, line)
    if environment.end_of:
        _known(
            environment.end_of, tuple(captions), f"{where}: end of an unknown caption", path, line
        )


def _annotations_on(
    data: Mapping[str, Any], captions: Mapping[str, Caption], path: str | Path
) -> str:
    """The caption that a step's annotations address, one of ``captions``."""
    annotations_on = str(data.get("annotations-on") or "")
    if annotations_on and annotations_on not in captions:
        raise GuideError(
            f"annotations-on: {annotations_on!r} is not under 'captions'",
            path,
            line_of(data, "annotations-on"),
            Kind.STATES,
        )
    return annotations_on


def _caption(
    name: str,
    spec: Mapping[str, Any],
    machines: Mapping[str, Machine],
    states: Mapping[str, Any],
    path: str | Path,
    line: int,
) -> Caption:
    where = f"caption {name!r}"
    if "one-of" in spec:
        group = tuple(spec["one-of"])
        for machine in group:
            _known(machine, tuple(machines), f"{where}: unknown machine", path, line)
        return Caption(name, group, group=True)
    target = spec.get("is")
    if isinstance(target, str) and "follows" not in spec:
        _known(target, tuple(machines), f"{where}: unknown machine", path, line)
        return Caption(name, (target,))
    follows = str(spec.get("follows", ""))
    if not follows or not isinstance(target, Mapping):
        raise GuideError(
            f"{where}: write 'is: <machine>', 'one-of: [<machine>, ...]', or "
            "'follows: <state>' with 'is: {<value>: <machine>}'",
            path,
            line,
            Kind.STATES,
        )
    _known(follows, tuple(states), f"{where}: unknown state", path, line)
    for value, machine in target.items():
        _known(
            value,
            tuple(states[follows]["values"]),
            f"{where}: state {follows!r} has no value",
            path,
            line,
        )
        _known(machine, tuple(machines), f"{where}: unknown machine", path, line)
    return Caption(name, tuple(target.values()), follows=follows, by_value=dict(target))


def _known(value: str, known: tuple[str, ...], what: str, path: str | Path, line: int) -> None:
    if value not in known:
        raise GuideError(
            f"{what} {value!r} (known: {', '.join(known) or 'none'})", path, line, Kind.STATES
        )
