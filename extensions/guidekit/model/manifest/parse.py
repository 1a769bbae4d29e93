"""Reading source/guides.yaml into a :class:`~guidekit.model.manifest.guides.Manifest`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind, read_text
from guidekit.model.manifest.guides import (
    Guide,
    Machine,
    Manifest,
    Part,
    Step,
)
from guidekit.model.manifest.schema import (
    manifest_schema,
)
from guidekit.model.manifest.terms import (
    ANY_TOPOLOGY,
    DEFAULT_KINDS,
    DEFAULTS,
    ONE_OF,
    STEPS,
    Conditions,
    ConditionValue,
    GuideKind,
    Phase,
)
from guidekit.model.yamldata import item_line, line_of, parse_yaml, validate


def _parse_step(
    raw: Any,
    path: str | Path,
    line: int,
    group: int | None = None,
    branch: int | None = None,
    case: str = "",
    branch_when: Conditions | None = None,
) -> Step:
    if isinstance(raw, str):
        return Step(
            raw,
            {},
            raw,
            False,
            line,
            dict(branch_when or {}),
            group=group,
            condition=case,
            branch=branch,
        )
    ((proc_id, options),) = raw.items()
    options = dict(options or {})
    line = line_of(raw, proc_id, line)
    raw_parts = options.get("parts") or {}
    parts = tuple(
        Part(part, _conditions(cond), line_of(raw_parts, part, line))
        for part, cond in raw_parts.items()
    )
    when = _both(branch_when or {}, _conditions(options.get("when")))
    return Step(
        proc_id,
        dict(options.get("with") or {}),
        options.get("slug", proc_id),
        bool(options.get("optional", False)),
        line,
        when,
        parts,
        Phase(options["phase"]) if options.get("phase") else None,
        group,
        case or str(options.get("if", "")),
        branch,
    )


def _both(first: Conditions, second: Conditions) -> Conditions:
    """Conditions that hold where both hold (a branch's and one of its steps')."""
    merged = dict(first)
    for name, values in second.items():
        merged[name] = tuple(v for v in merged[name] if v in values) if name in merged else values
    return merged


def _parse_alternatives(raw: list[Any], path: str | Path, line: int, group: int) -> list[Step]:
    """The steps of a ``one-of``, each tagged with its group and branch."""
    steps: list[Step] = []
    for number, alternative in enumerate(raw):
        at = item_line(raw, number, line)
        if STEPS not in alternative:  # one step, its case among its options
            steps.append(_parse_step(alternative, path, at, group, number))
            continue
        case, when = str(alternative["if"]), _conditions(alternative.get("when"))
        inner = alternative[STEPS]
        first = line_of(alternative, STEPS, at)
        steps.extend(
            _parse_step(s, path, item_line(inner, k, first + 1 + k), group, number, case, when)
            for k, s in enumerate(inner)
        )
    return steps


def _conditions(raw: Any) -> Conditions:
    """``{host-type: rhvh, gluster: true}`` -> ``{"host-type": ("rhvh",), ...}``."""
    return {
        name: tuple(value) if isinstance(value, list) else (value,)
        for name, value in (raw or {}).items()
    }


def vocabulary(data: dict[str, Any]) -> tuple[Conditions, dict[str, str]]:
    """The conditions a manifest declares, with ``topology`` from its topologies."""
    topologies = tuple(t for t in data.get("topologies", {}) if t != ANY_TOPOLOGY)
    conditions: Conditions = {"topology": topologies}
    meanings = {"topology": "the deployment topology"}
    for name, spec in (data.get("conditions") or {}).items():
        conditions[name] = tuple(spec["values"])
        meanings[name] = str(spec.get("meaning", ""))
    return conditions, meanings


def parse_manifest(text: str, path: str | Path) -> Manifest:
    """Parse and validate the manifest's shape (not yet its procedures)."""
    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise GuideError(
            "the manifest must be a mapping with 'topologies' and 'guides'", path, 1, Kind.MANIFEST
        )
    validate(data, manifest_schema(), path, Kind.MANIFEST)
    conditions, meanings = vocabulary(data)
    kinds = guide_kinds(data)
    validate(data, manifest_schema(conditions, tuple(kinds)), path, Kind.MANIFEST)
    guides = [_parse_guide(raw, path, kinds) for raw in data["guides"]]
    topologies = dict(data["topologies"])
    _check_guides(guides, topologies, path)
    machines = _machines(data.get("machines") or {})
    raw_conditions = data.get("conditions") or {}
    _check_condition_labels(raw_conditions, path)
    return Manifest(
        tuple(guides),
        topologies,
        str(path),
        {g.id: g for g in guides},
        conditions,
        meanings,
        _condition_labels(raw_conditions),
        str(data["product"]),
        machines,
        {str(k): str(v) for k, v in (data.get("downtime") or {}).items()},
        kinds,
    )


def _check_guides(guides: list[Guide], topologies: dict[str, Any], path: str | Path) -> None:
    """Each guide id once, each guide's topology one with a label."""
    seen: set[str] = set()
    for guide in guides:
        if guide.id in seen:
            raise GuideError(
                f"guide id {guide.id!r} is used twice", path, guide.line, Kind.MANIFEST
            )
        seen.add(guide.id)
        if guide.topology not in topologies:
            raise GuideError(
                f"topology {guide.topology!r} has no label under 'topologies'",
                path,
                guide.line,
                Kind.MANIFEST,
            )


def _machines(raw_machines: dict[str, Any]) -> dict[str, Machine]:
    return {
        name: Machine(name, spec["caption"], spec["prompt"], line_of(raw_machines, name, 1))
        for name, spec in raw_machines.items()
    }


def _check_condition_labels(raw_conditions: dict[str, Any], path: str | Path) -> None:
    """A condition's labels are for its own values."""
    for name, spec in raw_conditions.items():
        known = {str(v).lower() for v in spec["values"]}
        stray = [k for k in (spec.get("labels") or {}) if str(k).lower() not in known]
        if stray:
            raise GuideError(
                f"conditions: {name}: label of {stray[0]!r}, which is not one of its values",
                path,
                line_of(spec, "labels"),
                Kind.MANIFEST,
            )


def _condition_labels(
    raw_conditions: dict[str, Any],
) -> dict[str, dict[ConditionValue | None, str]]:
    """Each condition's label (key None) and its values' labels."""
    return {
        name: {None: spec.get("label", ""), **_value_labels(spec)}
        for name, spec in raw_conditions.items()
    }


def guide_kinds(data: dict[str, Any]) -> dict[str, GuideKind]:
    """The kinds a manifest declares (``kinds:``), else DEFAULT_KINDS."""
    raw = data.get("kinds")
    if not raw:
        return dict(DEFAULT_KINDS)
    return {
        str(name): GuideKind(
            str(name),
            bool(spec.get("path", False)),
            bool(spec.get("continues", False)),
            str(spec.get("sentence", "supplement")),
            spec.get("default"),
            str(spec.get("versions") or ("from-to" if spec.get("sentence") == "upgrade" else "to")),
        )
        for name, spec in raw.items()
    }


def _value_labels(spec: dict[str, Any]) -> dict[ConditionValue | None, str]:
    """A condition's value labels, keyed by the values themselves (YAML writes a
    yes/no value's key as text)."""
    by_text = {str(k).lower(): str(v) for k, v in (spec.get("labels") or {}).items()}
    return {
        value: by_text[str(value).lower()]
        for value in spec["values"]
        if str(value).lower() in by_text
    }


def _parse_guide(raw: dict[str, Any], path: str | Path, kinds: dict[str, GuideKind]) -> Guide:
    line = line_of(raw)
    if "from" not in raw and not raw.get("kind"):
        fits = [k for k in kinds.values() if k.default == DEFAULTS[1] and k.versions == "to"]
        if not fits:
            raise GuideError(
                f"guide {raw['id']!r} has no 'from:' (the release it starts from), and no "
                "kind under 'kinds' with 'default: same-release' does without one",
                path,
                line,
                Kind.MANIFEST,
            )
    kind = raw.get("kind") or _default_kind(raw, path, line, kinds)
    if "from" not in raw and kinds[kind].versions == "from-to":
        raise GuideError(
            f"guide {raw['id']!r} has no 'from:': guides of kind {kind!r} move between "
            "two releases and name both (or give the kind 'versions: to')",
            path,
            line,
            Kind.MANIFEST,
        )
    steps_line = line_of(raw, "steps", line)
    steps: list[Step] = []
    for i, item in enumerate(raw["steps"]):
        item_at = item_line(raw["steps"], i, steps_line + 1 + i)
        if isinstance(item, dict) and ONE_OF in item:
            steps.extend(_parse_alternatives(item[ONE_OF], path, item_at, len(steps)))
        else:
            steps.append(_parse_step(item, path, item_at))
    intro_line = line_of(raw, "intro", line)
    intro = tuple(
        _parse_step(s, path, item_line(raw.get("intro"), i, intro_line))
        for i, s in enumerate(raw.get("intro", []))
    )
    slugs: set[str] = set()
    for step in steps:
        if step.slug in slugs or step.slug == "index":
            raise GuideError(
                f"guide {raw['id']!r} has two steps named {step.slug!r}; give one a 'slug'",
                path,
                step.line,
                Kind.MANIFEST,
            )
        slugs.add(step.slug)
    return Guide(
        raw["id"],
        raw["title"],
        raw["topology"],
        raw.get("from", raw["to"]),  # a kind of 'versions: to': the release it is for
        raw["to"],
        kind,
        tuple(steps),
        intro,
        line,
    )


def _default_kind(
    raw: dict[str, Any], path: str | Path, line: int, kinds: dict[str, GuideKind]
) -> str:
    """The kind of a guide that names none: the first whose ``default:`` matches."""
    wanted = DEFAULTS[1] if raw.get("from", raw["to"]) == raw["to"] else DEFAULTS[0]
    for kind in kinds.values():
        if kind.default == wanted:
            return kind.name
    raise GuideError(
        f"guide {raw['id']!r} has no 'kind:' and no kind under 'kinds' has 'default: {wanted}'",
        path,
        line,
        Kind.MANIFEST,
    )


def load_manifest(path: Path) -> Manifest:
    return parse_manifest(read_text(path), path)
