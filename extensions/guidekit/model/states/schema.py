"""The JSON schema of the state model (procedures/states.yaml): its states,
``never`` combinations and rules, with the machines' sections
(guidekit.model.states.machines)."""

from __future__ import annotations

from typing import Any

from guidekit.model.states.machines import MACHINES_SCHEMA

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
