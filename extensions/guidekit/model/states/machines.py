"""Machines and environments of the state model (procedures/states.yaml).

A guide addresses machines by the caption of a ``{command}`` block
(``manager``, ``she-node``, ...).  A caption resolves to machine identities:
one machine, one of a group (``she-node``: any self-hosted engine node), or
the machine a state names (``manager``: the old Manager machine until the new
one takes over).  A machine belongs to an instance of an environment (the old
self-hosted engine cluster, the new one), and that membership is a state
too, ``<machine>.<environment>``, that steps change (``hosted-engine
--deploy`` moves the deployment host to the new cluster).  A state ``of`` an
environment has a value per instance, ``<state>.<instance>``; a step reads and
changes the instance of the machine it runs on.  Pure; read by
``machine_parsing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_NAME = r"^[a-z][a-z0-9-]*$"
_TEXT = {"type": "string", "minLength": 1}
#: The value of a membership when the machine belongs to no instance (any more).
NONE = "none"

MACHINES_SCHEMA: dict[str, Any] = {
    "environments": {
        "type": "object",
        "propertyNames": {"pattern": _NAME},
        "additionalProperties": {
            "type": "object",
            "required": ["meaning", "instances"],
            "additionalProperties": False,
            "properties": {
                "meaning": _TEXT,
                "instances": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": _NAME},
                },
                # at the end, the instance that the machine of `of` (a caption)
                # belongs to holds at least `at-least` of `nodes`
                "end": {
                    "type": "object",
                    "required": ["of", "nodes", "at-least", "why"],
                    "additionalProperties": False,
                    "properties": {
                        "of": {"type": "string", "pattern": _NAME},
                        "nodes": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"type": "string", "pattern": _NAME},
                        },
                        "at-least": {"type": "integer", "minimum": 1},
                        "why": _TEXT,
                    },
                },
            },
        },
    },
    "machines": {
        "type": "object",
        "propertyNames": {"pattern": _NAME},
        "additionalProperties": {
            "type": "object",
            "required": ["meaning"],
            "additionalProperties": False,
            "properties": {
                "meaning": _TEXT,
                # environment -> instance at the start, one for every topology or
                # topology -> instance (a topology left out: the machine is not there)
                "in": {
                    "type": "object",
                    "propertyNames": {"pattern": _NAME},
                    "additionalProperties": {
                        "if": {"type": "object"},
                        "then": {"additionalProperties": {"type": "string"}},
                        "else": {"type": "string"},
                    },
                },
            },
        },
    },
    "captions": {
        "type": "object",
        "propertyNames": {"pattern": _NAME},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 2,
            "properties": {
                "is": {
                    "if": {"type": "object"},
                    "then": {"additionalProperties": {"type": "string"}},
                    "else": {"type": "string"},
                },
                "follows": {"type": "string", "pattern": _NAME},
                "one-of": {
                    "type": "array",
                    "minItems": 2,
                    "items": {"type": "string", "pattern": _NAME},
                },
            },
        },
    },
    "annotations-on": {
        "type": "string",
        "pattern": _NAME,
        "description": "the caption that a step's % sets:/% needs: annotations address",
    },
}


@dataclass(frozen=True)
class Environment:
    name: str
    meaning: str
    instances: tuple[str, ...]
    #: at the end, the instance of this caption's machine holds at least ``at_least``
    #: of ``nodes`` (a self-hosted engine's Manager has nodes to fail over to)
    end_of: str = ""
    nodes: tuple[str, ...] = ()
    at_least: int = 0
    why: str = ""


@dataclass(frozen=True)
class Machine:
    name: str
    meaning: str
    start: dict[str, dict[str, str]]  # environment -> topology ("*": any) -> instance

    def start_in(self, environment: str, topology: str) -> str | None:
        by_topology = self.start.get(environment, {})
        return by_topology.get(topology, by_topology.get("*"))


@dataclass(frozen=True)
class Caption:
    """Who a ``{command}`` block's machine addresses."""

    name: str
    machines: tuple[str, ...]  # one, or the group of "one of"
    group: bool = False
    follows: str = ""  # a state whose value picks the machine
    by_value: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Machines:
    environments: dict[str, Environment] = field(default_factory=dict)
    machines: dict[str, Machine] = field(default_factory=dict)
    captions: dict[str, Caption] = field(default_factory=dict)
    annotations_on: str = ""

    def membership_values(self, name: str) -> tuple[str, ...] | None:
        """The values of ``<machine>.<environment>``, None if it is not one."""
        machine, _, environment = name.partition(".")
        if machine in self.machines and environment in self.environments:
            return (*self.environments[environment].instances, NONE)
        return None

    def resolve(self, caption: str, state: Mapping[str, str]) -> tuple[str, ...]:
        """The machines a caption addresses in this state (none: it is not modelled)."""
        found = self.captions.get(caption)
        if found is None:
            return ()
        if found.follows:
            picked = found.by_value.get(state.get(found.follows, ""))
            return (picked,) if picked else ()
        return found.machines

    def addressed(self, caption: str) -> tuple[str, ...]:
        """Every machine a caption may address, whatever the state (none: not modelled)."""
        found = self.captions.get(caption)
        return found.machines if found else ()

    def outside(self, caption: str, accepted: Iterable[str]) -> tuple[str, ...]:
        """The machines ``caption`` may address that none of the ``accepted`` captions
        does: empty if it is accepted; the caption itself if it is not modelled."""
        accepted = tuple(accepted)
        if caption in accepted:
            return ()
        allowed = {m for name in accepted for m in self.addressed(name)}
        return tuple(m for m in self.addressed(caption) if m not in allowed) or (
            () if self.addressed(caption) else (caption,)
        )

    def instance(self, machine: str, environment: str, state: Mapping[str, str]) -> str | None:
        """The instance of ``environment`` the machine belongs to now, if any."""
        value = state.get(f"{machine}.{environment}")
        return None if value in (None, NONE) else value

    def start_state(self, topology: str) -> dict[str, str]:
        return {
            f"{m.name}.{env}": value
            for m in self.machines.values()
            for env in m.start
            if (value := m.start_in(env, topology)) is not None
        }
