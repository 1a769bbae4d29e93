"""The guide manifest (source/guides.yaml): which guides exist, in which order
they run which procedures, and the checks that tie it to the procedure library
and the version matrix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from guidekit.model import naming
from guidekit.model.errors import GuideError, read_text
from guidekit.model.matrix import VERSION, VersionMatrix
from guidekit.model.procedures import ID_PATTERN, TOPOLOGIES, Library, bind_params
from guidekit.model.yamldata import item_line, line_of, parse_yaml, schema_error

#: What a reader can say about an environment (the upgrade helper's choices), and
#: so what a step's ``when:`` may test. Steps without ``when:`` apply everywhere.
CONDITIONS: dict[str, tuple[Any, ...]] = {
    "topology": tuple(t for t in TOPOLOGIES if t != "any"),
    "host-type": ("rhvh", "rhel"),
    "gluster": (True, False),
    "local-storage": (True, False),
    "remote-dwh": (True, False),
    "external-ca": (True, False),
    "sha1": (True, False),
}


def _condition_schema(values: tuple[Any, ...]) -> dict[str, Any]:
    if all(isinstance(v, bool) for v in values):
        return {"type": "boolean"}
    one = {"enum": list(values)}
    # One value or a list of them (if/then rather than anyOf: errors name the value).
    return {"if": {"type": "array"}, "then": {"minItems": 1, "items": one}, "else": one}


_CONDITIONS = {name: _condition_schema(values) for name, values in CONDITIONS.items()}
_WHEN = {"type": "object", "additionalProperties": False, "properties": _CONDITIONS}

# Keyword checks apply only to their own type, so one schema covers both forms
# of a step (a procedure id, or {id: options}) and errors point at the bad key.
_STEP = {
    "type": ["string", "object"],
    "pattern": ID_PATTERN,
    "minProperties": 1,
    "maxProperties": 1,
    "propertyNames": {"pattern": ID_PATTERN},
    "additionalProperties": {
        "type": ["object", "null"],
        "properties": {
            "optional": {"type": "boolean"},
            "slug": {"type": "string", "pattern": ID_PATTERN},
            "when": {**_WHEN, "minProperties": 1},
            "parts": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {**_WHEN, "type": ["object", "null"]},
            },
        },
    },
}

MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["topologies", "guides"],
    "additionalProperties": False,
    "properties": {
        "topologies": {
            "type": "object",
            "propertyNames": {"enum": list(TOPOLOGIES)},
            "additionalProperties": {"type": "string"},
        },
        "guides": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "title", "topology", "from", "to", "steps"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": ID_PATTERN},
                    "title": {"type": "string", "minLength": 1},
                    "kind": {"enum": ["upgrade", "update", "appendix"]},
                    "topology": {"enum": list(TOPOLOGIES)},
                    "from": {"type": "string", "pattern": VERSION},
                    "to": {"type": "string", "pattern": VERSION},
                    "intro": {"type": "array", "items": _STEP},
                    "steps": {"type": "array", "minItems": 1, "items": _STEP},
                },
            },
        },
    },
}

#: Step keys that are about the step, not parameters of the procedure.
STEP_KEYS = ("optional", "slug", "when", "parts")

#: facet -> allowed values, from a ``when:`` mapping.
Conditions = dict[str, tuple[Any, ...]]


@dataclass(frozen=True)
class Part:
    """A procedure that a step includes as a section, listed under it in a checklist."""

    procedure: str
    when: Conditions
    line: int = 0


@dataclass(frozen=True)
class Step:
    """One procedure run by a guide, with its parameters.

    ``when`` and ``parts`` only matter to checklists: a guide shows every step.
    """

    procedure: str
    params: dict[str, Any]
    slug: str
    optional: bool = False
    line: int = 0
    when: Conditions = field(default_factory=dict)
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    topology: str
    from_version: str
    to_version: str
    kind: str
    steps: tuple[Step, ...]
    intro: tuple[Step, ...] = ()
    line: int = 0

    @property
    def facets(self) -> dict[str, str]:
        return {"topology": self.topology, "from": self.from_version, "to": self.to_version}

    @property
    def docname(self) -> str:
        return naming.guide_docname(self.id)

    def step_docname(self, step: Step) -> str:
        return naming.step_docname(self.id, step.slug)

    def step_label(self, step: Step) -> str:
        return naming.step_label(self.id, step.slug)

    def step_index(self, slug: str) -> int:
        for index, step in enumerate(self.steps):
            if step.slug == slug:
                return index
        raise KeyError(slug)


@dataclass(frozen=True)
class Manifest:
    guides: tuple[Guide, ...]
    topologies: dict[str, str]
    path: str
    by_id: dict[str, Guide] = field(default_factory=dict)

    def guide(self, guide_id: str) -> Guide | None:
        return self.by_id.get(guide_id)

    def page(self, docname: str) -> tuple[Guide, Step | None] | None:
        """The guide, and the step (None for the front page), of a generated page:
        the inverse of ``Guide.docname`` and ``Guide.step_docname``."""
        parsed = naming.parse_docname(docname)
        guide = self.by_id.get(parsed[0]) if parsed else None
        if guide is None or parsed is None:
            return None
        slug = parsed[1]
        if slug is None:
            return guide, None
        step = next((s for s in guide.steps if s.slug == slug), None)
        return (guide, step) if step is not None else None


def _parse_step(raw: Any, path: str | Path, line: int) -> Step:
    if isinstance(raw, str):
        return Step(raw, {}, raw, False, line)
    ((proc_id, options),) = raw.items()
    options = dict(options or {})
    line = line_of(raw, proc_id, line)
    optional = options.pop("optional", False)
    slug = options.pop("slug", proc_id)
    when = _conditions(options.pop("when", None))
    raw_parts = options.pop("parts", None) or {}
    if not isinstance(optional, bool):
        raise GuideError("'optional' must be true or false", path, line, "manifest")
    if not isinstance(slug, str) or not slug:
        raise GuideError("'slug' must be a page name", path, line, "manifest")
    parts = tuple(Part(part, _conditions(cond), line_of(raw_parts, part, line))
                  for part, cond in raw_parts.items())
    return Step(proc_id, options, slug, optional, line, when, parts)


def _conditions(raw: Any) -> Conditions:
    """``{host-type: rhvh, gluster: true}`` -> ``{"host-type": ("rhvh",), ...}``."""
    return {name: tuple(value) if isinstance(value, list) else (value,)
            for name, value in (raw or {}).items()}


def parse_manifest(text: str, path: str | Path) -> Manifest:
    """Parse and validate the manifest's shape (not yet its procedures)."""
    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise GuideError("the manifest must be a mapping with 'topologies' and 'guides'",
                         path, 1, "manifest")
    validator = jsonschema.Draft202012Validator(MANIFEST_SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        err = schema_error(errors[0], data, path)
        err.kind = "manifest"
        raise err
    guides: list[Guide] = []
    for raw in data["guides"]:
        line = line_of(raw)
        kind = raw.get("kind") or ("update" if raw["from"] == raw["to"] else "upgrade")
        steps_line = line_of(raw, "steps", line)
        steps = tuple(
            _parse_step(s, path, item_line(raw["steps"], i, steps_line + 1 + i))
            for i, s in enumerate(raw["steps"])
        )
        intro_line = line_of(raw, "intro", line)
        intro = tuple(_parse_step(s, path, item_line(raw.get("intro"), i, intro_line))
                      for i, s in enumerate(raw.get("intro", [])))
        guide = Guide(raw["id"], raw["title"], raw["topology"], raw["from"], raw["to"],
                      kind, steps, intro, line)
        if any(g.id == guide.id for g in guides):
            raise GuideError(f"guide id {guide.id!r} is used twice", path, line, "manifest")
        slugs = [s.slug for s in steps]
        for slug in slugs:
            if slugs.count(slug) > 1 or slug == "index":
                raise GuideError(
                    f"guide {guide.id!r} has two steps named {slug!r}; give one a 'slug'",
                    path, line, "manifest",
                )
        guides.append(guide)
    topologies = dict(data["topologies"])
    for guide in guides:
        if guide.topology not in topologies:
            raise GuideError(f"topology {guide.topology!r} has no label under 'topologies'",
                             path, guide.line, "manifest")
    return Manifest(tuple(guides), topologies, str(path), {g.id: g for g in guides})


def check_manifest(manifest: Manifest, library: Library, matrix: VersionMatrix) -> None:
    """Tie the manifest to procedures and matrix: every error names the manifest line."""
    path = manifest.path
    for guide in manifest.guides:
        for version in (guide.from_version, guide.to_version):
            if version not in matrix.releases:
                raise GuideError(
                    f"guide {guide.id!r}: release {version!r} is not in the version matrix",
                    path, guide.line, "manifest",
                )
        for step in (*guide.intro, *guide.steps):
            proc = library.get(step.procedure)
            if proc is None:
                raise GuideError(
                    f"guide {guide.id!r}: unknown procedure {step.procedure!r} "
                    f"(no file procedures/{step.procedure}.md)",
                    path, step.line, "unknown-procedure",
                )
            why = proc.applies(guide.facets)
            if why:
                raise GuideError(
                    f"guide {guide.id!r} cannot use procedure {step.procedure!r}: {why}",
                    path, step.line, "facets",
                )
            _values, problems = bind_params(proc, step.params)
            if problems:
                raise GuideError(problems[0], path, step.line, "params")
            for part in step.parts:
                if part.procedure not in library.procedures:
                    raise GuideError(
                        f"guide {guide.id!r}: step {step.slug!r} lists unknown part "
                        f"{part.procedure!r} (no file procedures/{part.procedure}.md)",
                        path, part.line, "unknown-procedure",
                    )


def load_manifest(path: Path) -> Manifest:
    return parse_manifest(read_text(path), path)


def guide_context(guide: Guide, manifest: Manifest, matrix: VersionMatrix) -> dict[str, Any]:
    """The template variables of one guide (see procedures/README.md)."""
    return {
        "guide": {
            "id": guide.id,
            "title": guide.title,
            "topology": guide.topology,
            "topology_label": manifest.topologies.get(guide.topology, guide.topology),
            "from": guide.from_version,
            "to": guide.to_version,
            "kind": guide.kind,
        },
        "src": matrix.release(guide.from_version),
        "dst": matrix.release(guide.to_version),
        "releases": matrix.releases,
        "eap_channel": matrix.eap_channel,
        "virt_stream": matrix.virt_stream,
    }
