"""The JSON Schemas of the manifest and of a procedure's front matter (exported for editors)."""

from __future__ import annotations

from typing import Any

from guidekit.model.manifest.terms import (
    ANY_TOPOLOGY,
    DEFAULT_KINDS,
    DEFAULTS,
    ONE_OF,
    PHASES,
    PROMPTS,
    SENTENCES,
    STEPS,
    VERSIONS,
    Conditions,
)
from guidekit.model.matrix import VERSION
from guidekit.model.procedures import FRONT_MATTER_SCHEMA, ID_PATTERN

_CONDITION_VALUE = {"type": ["string", "boolean"]}
# One value or a list of them (if/then rather than anyOf: errors name the value).
_CONDITION = {
    "if": {"type": "array"},
    "then": {"minItems": 1, "items": _CONDITION_VALUE},
    "else": _CONDITION_VALUE,
}


def when_schema(vocabulary: Conditions | None = None) -> dict[str, Any]:
    """The schema of a ``when:`` mapping; with a vocabulary, its names and values."""
    if vocabulary is None:
        return {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": _CONDITION,
        }
    properties = {}
    for name, values in vocabulary.items():
        one = (
            {"type": "boolean"}
            if all(isinstance(v, bool) for v in values)
            else {"enum": list(values)}
        )
        properties[name] = (
            one
            if one.get("type") == "boolean"
            else {"if": {"type": "array"}, "then": {"minItems": 1, "items": one}, "else": one}
        )
    return {"type": "object", "additionalProperties": False, "properties": properties}


def kinds_schema() -> dict[str, Any]:
    """The schema of ``kinds:``: kind name -> what the engine does with its guides."""
    return {
        "type": "object",
        "minProperties": 1,
        "description": "the kinds of guides and what the engine does with each "
        f"(without it: {', '.join(DEFAULT_KINDS)})",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "path": {
                    "type": "boolean",
                    "description": "its guides make up the paths of the helper and "
                    "checklist and come first on the landing page",
                },
                "continues": {
                    "type": "boolean",
                    "description": "a reader goes on to the guide of this kind and "
                    "topology that starts where this one ends",
                },
                "sentence": {
                    "enum": list(SENTENCES),
                    "description": "the sentence its front pages start with",
                },
                "default": {
                    "enum": list(DEFAULTS),
                    "description": "the guides without 'kind:' that get this kind",
                },
                "versions": {
                    "enum": list(VERSIONS),
                    "description": "the releases its guides name: 'from-to' (both "
                    "'from' and 'to'; the default of 'sentence: upgrade') or 'to' (only "
                    "'to', and 'from' is the same unless given; the default of the others)",
                },
            },
        },
    }


def manifest_schema(
    vocabulary: Conditions | None = None, kinds: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The manifest's JSON Schema (exported for editors in procedures/schemas/);
    with a manifest's vocabulary and kinds, only those."""
    when = when_schema(vocabulary)
    kind: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}
    if kinds is not None:
        kind = {"enum": list(kinds)}
    topology: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}
    if vocabulary is not None:
        topology = {"enum": [*vocabulary.get("topology", ()), ANY_TOPOLOGY]}
    options: dict[str, Any] = {
        "with": {"type": ["object", "null"], "description": "parameters of the procedure"},
        "optional": {"type": "boolean"},
        "slug": {"type": "string", "pattern": ID_PATTERN},
        "when": {**when, "minProperties": 1},
        "phase": {"enum": list(PHASES)},
        "parts": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {**when, "type": ["object", "null"]},
        },
    }
    step_options = {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": options,
    }
    # Keyword checks apply only to their own type, so one schema covers both forms
    # of a step (a procedure id, or {id: options}) and errors point at the bad key.
    step: dict[str, Any] = {
        "type": ["string", "object"],
        "pattern": ID_PATTERN,
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"pattern": ID_PATTERN, "not": {"enum": [ONE_OF, STEPS]}},
        "additionalProperties": step_options,
    }
    case = {"type": "string", "minLength": 1}
    alternative = {
        **step,
        "type": "object",
        "additionalProperties": {
            **step_options,
            "type": "object",
            "required": ["if"],
            "properties": {**options, "if": case},
        },
    }
    # A branch of several steps: {if: ..., when: ..., steps: [...]}.
    branch = {
        "type": "object",
        "required": ["if", STEPS],
        "additionalProperties": False,
        "properties": {
            "if": case,
            "when": {**when, "minProperties": 1},
            STEPS: {"type": "array", "minItems": 1, "items": step},
        },
    }
    any_alternative = {
        "if": {"type": "object", "required": [STEPS]},
        "then": branch,
        "else": alternative,
    }
    group = {
        "type": "object",
        "required": [ONE_OF],
        "additionalProperties": False,
        "properties": {ONE_OF: {"type": "array", "minItems": 2, "items": any_alternative}},
    }
    any_step = {"if": {"type": "object", "required": [ONE_OF]}, "then": group, "else": step}
    condition = {
        "type": "object",
        "required": ["values"],
        "additionalProperties": False,
        "properties": {
            "values": {
                "type": "array",
                "minItems": 2,
                "uniqueItems": True,
                "items": {"type": ["string", "boolean"]},
            },
            "meaning": {"type": "string"},
            "label": {
                "type": "string",
                "minLength": 1,
                "description": "what the upgrade helper and checklist call it (translated)",
            },
            "labels": {
                "type": "object",
                "additionalProperties": {"type": "string", "minLength": 1},
                "description": "value -> how a reader knows it (translated)",
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "guidekit manifest (source/guides.yaml)",
        "type": "object",
        "required": ["product", "topologies", "guides"],
        "additionalProperties": False,
        "properties": {
            "product": {
                "type": "string",
                "minLength": 1,
                "description": "the product the guides are about, as the "
                "published sentences name it",
            },
            "topologies": {
                "type": "object",
                "description": "the deployment topologies: id -> label (the label is "
                f"translated); '{ANY_TOPOLOGY}' is for guides of every one",
                "minProperties": 1,
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"type": "string", "minLength": 1},
            },
            "machines": {
                "type": "object",
                "description": "the machines that command blocks run on (```{command} NAME```)",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {
                    "type": "object",
                    "required": ["caption", "prompt"],
                    "additionalProperties": False,
                    "properties": {
                        "caption": {
                            "type": "string",
                            "minLength": 1,
                            "description": "shown above each block (translated)",
                        },
                        "prompt": {
                            "enum": list(PROMPTS),
                            "description": "'#': commands typed as root; '$': as "
                            "a user (with sudo where root is needed)",
                        },
                    },
                },
            },
            "downtime": {
                "type": "object",
                "description": "what a step can take away (a procedure's downtime: NAME) "
                "-> what stops working meanwhile (translated)",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"type": "string", "minLength": 1},
            },
            "kinds": kinds_schema(),
            "conditions": {
                "type": "object",
                "propertyNames": {"pattern": ID_PATTERN, "not": {"const": "topology"}},
                "additionalProperties": condition,
            },
            "guides": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["id", "title", "topology", "to", "steps"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string", "pattern": ID_PATTERN},
                        "title": {"type": "string", "minLength": 1},
                        "kind": kind,
                        "topology": topology,
                        "from": {"type": "string", "pattern": VERSION},
                        "to": {"type": "string", "pattern": VERSION},
                        "intro": {"type": "array", "items": step},
                        "steps": {"type": "array", "minItems": 1, "items": any_step},
                    },
                },
            },
        },
    }


def front_matter_schema(topologies: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The front matter's schema; with a manifest's topologies, ``applies-to`` lists
    only those (exported for editors)."""
    if topologies is None:
        return FRONT_MATTER_SCHEMA
    applies = FRONT_MATTER_SCHEMA["properties"]["applies-to"]
    return {
        **FRONT_MATTER_SCHEMA,
        "properties": {
            **FRONT_MATTER_SCHEMA["properties"],
            "applies-to": {
                **applies,
                "properties": {
                    **applies["properties"],
                    "topology": {"type": "array", "items": {"enum": [*topologies, ANY_TOPOLOGY]}},
                },
            },
        },
    }
