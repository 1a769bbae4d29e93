"""The procedure model: parse a procedure file, bind its typed parameters.

A procedure is MyST Markdown with YAML front matter (see procedures/README.md).
Everything here is pure: text in, plain objects or GuideError out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind, clean_text, quote, read_text
from guidekit.model.matrix import VERSION
from guidekit.model.phase_checks import SCHEMA_PROPERTIES as CHECKS_SCHEMA
from guidekit.model.phase_checks import PhaseChecks, parse_checks
from guidekit.model.yamldata import line_of, parse_yaml, validate

ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
#: Longest procedure (the longest real one is about 20,000 characters).
MAX_PROCEDURE_CHARS = 250_000
PARAM_TYPES = ("string", "bool", "int", "version", "choice")

#: A title or summary: one text, or one per value of a parameter
#: (``{mode=enable: ..., mode=disable: ...}``).
_VARIANT_KEY = r"^[a-z][a-z0-9_]*=.+$"
_TEXT = {
    "if": {"type": "object"},
    "then": {
        "minProperties": 1,
        "propertyNames": {"pattern": _VARIANT_KEY},
        "additionalProperties": {"type": "string", "minLength": 1},
    },
    "else": {"type": "string", "minLength": 1},
}

FRONT_MATTER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "guidekit procedure front matter (procedures/*.md)",
    "type": "object",
    "required": ["id", "title", "summary"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "title": _TEXT,
        "summary": _TEXT,
        "applies-to": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                # The manifest's topologies (checked against it, see manifest.checks).
                "topology": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
                "from": {"type": "array", "items": {"type": "string", "pattern": VERSION}},
                "to": {"type": "array", "items": {"type": "string", "pattern": VERSION}},
            },
        },
        "params": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
            "additionalProperties": {
                "type": "object",
                "required": ["type"],
                "additionalProperties": False,
                "properties": {
                    "type": {"enum": list(PARAM_TYPES)},
                    "choices": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "default": {},
                    "description": {"type": "string"},
                },
            },
        },
        **CHECKS_SCHEMA,
    },
}


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter of a procedure."""

    name: str
    type: str
    required: bool
    default: Any = None
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Procedure:
    """A parsed procedure file. ``body_line`` is the file line of ``body``'s first line."""

    id: str
    title: str
    summary: str
    path: str
    body: str
    body_line: int
    applies_to: dict[str, tuple[str, ...]] = field(default_factory=dict)
    params: dict[str, ParamSpec] = field(default_factory=dict)
    front_matter_line: int = 1
    #: The line of ``applies-to`` (its values are checked against the manifest).
    applies_line: int = 1
    title_line: int = 2
    summary_line: int = 3
    #: "title"/"summary" -> (parameter, {value: text}) when the text has variants.
    variants: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    #: How to check that the step worked and how to go back (shown at the end of its page).
    checks: PhaseChecks = field(default_factory=PhaseChecks)

    def text(self, key: str, params: dict[str, Any]) -> str:
        """The title or summary template for these parameter values."""
        if key in self.variants:
            name, texts = self.variants[key]
            return texts[_variant_value(params.get(name))]
        return str(self.title if key == "title" else self.summary)

    def applies(self, facets: dict[str, str]) -> str | None:
        """None if the procedure fits these guide facets, else why it does not."""
        for facet, allowed in self.applies_to.items():
            value = facets.get(facet)
            if value is not None and value not in allowed:
                return f"{facet} {quote(value)} is not one of {', '.join(allowed)}"
        return None


_FENCE = re.compile(r"^---[ \t]*$")


def parse_procedure(text: str, path: str | Path) -> Procedure:
    """Parse a procedure file's text. Errors name the file and line."""
    lines, end = _front_matter_lines(text, path)
    data = parse_yaml("".join(lines[1:end]), path, first_line=2)
    if not isinstance(data, dict):
        raise GuideError(
            "the front matter must be YAML keys and values", path, 2, Kind.FRONT_MATTER
        )
    validate(data, FRONT_MATTER_SCHEMA, path, Kind.FRONT_MATTER)
    _check_front_matter(data, path)
    params = {
        name: _param_spec(name, spec, path, line_of(spec))
        for name, spec in (data.get("params") or {}).items()
    }
    variants = {
        key: _variants(key, data[key], params, path, line_of(data, key))
        for key in ("title", "summary")
        if isinstance(data[key], dict)
    }
    body = "".join(lines[end + 1 :])
    _check_body(body, end + 2, path)
    return Procedure(
        id=data["id"],
        title=_first(data["title"]),
        summary=_first(data["summary"]),
        path=str(path),
        body=body,
        body_line=end + 2,
        applies_to={k: tuple(v) for k, v in (data.get("applies-to") or {}).items()},
        params=params,
        variants=variants,
        title_line=line_of(data, "title", 2),
        summary_line=line_of(data, "summary", 3),
        applies_line=line_of(data, "applies-to", 2),
        checks=parse_checks(data, path),
    )


def _front_matter_lines(text: str, path: str | Path) -> tuple[list[str], int]:
    """The file's lines (each with its newline) and the index of the line closing
    the front matter."""
    if len(text) > MAX_PROCEDURE_CHARS:
        raise GuideError(
            f"the procedure is too long ({len(text):,} characters; the limit is "
            f"{MAX_PROCEDURE_CHARS:,}): split it into procedures that include "
            "each other",
            path,
            kind=Kind.LIMIT,
        )
    text = clean_text(text, path)
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not lines or not _FENCE.match(lines[0].rstrip("\n")):
        raise GuideError(
            "a procedure must start with front matter: a line '---', the YAML keys "
            "(id, title, summary, ...), and another '---'",
            path,
            1,
            Kind.FRONT_MATTER,
        )
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\n"))), None)
    if end is None:
        raise GuideError(
            "the front matter is not closed by a line '---'", path, 1, Kind.FRONT_MATTER
        )
    return lines, end


def _check_front_matter(data: dict[str, Any], path: str | Path) -> None:
    """The id is the file's name; titles and summaries hold text and variables only."""
    stem = Path(path).stem
    if data["id"] != stem:
        raise GuideError(
            f"id {data['id']!r} does not match the file name {stem!r}",
            path,
            line_of(data, "id"),
            Kind.FRONT_MATTER,
        )
    for key in ("title", "summary"):
        for text in [data[key]] if isinstance(data[key], str) else data[key].values():
            if _EXPRESSION.search(text):
                raise GuideError(
                    f"the {key} computes a value; write text and variables only, and give "
                    f"one {key} per parameter value instead ({key}: {{mode=enable: ..., "
                    f"mode=disable: ...}})",
                    path,
                    line_of(data, key),
                    Kind.FRONT_MATTER,
                )


def _check_body(body: str, first_line: int, path: str | Path) -> None:
    """No value picked by position (``eap[-2]``): versions have names."""
    computed = _COMPUTED.search(body)
    if computed:
        line = first_line + body.count("\n", 0, computed.start())
        raise GuideError(
            f"{computed.group(0)!r} picks a value by position; give the value a name in "
            "the version matrix (procedures/versions.yaml) and use the name",
            path,
            line,
            Kind.FRONT_MATTER,
        )


#: A Python expression in a title: a conditional, an index or a call.
_EXPRESSION = re.compile(r"\{\{[^}]*(\bif\b|\belse\b|\[|\()[^}]*\}\}")
#: A value picked by position in a body (``eap[-2]``).
_COMPUTED = re.compile(r"\b\w+\[-\d+\]")


def _first(text: str | dict[str, str]) -> str:
    return text if isinstance(text, str) else next(iter(text.values()))


def _variant_value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _variants(
    key: str, texts: dict[str, str], params: dict[str, ParamSpec], path: str | Path, line: int
) -> tuple[str, dict[str, str]]:
    """``{mode=enable: A, mode=disable: B}`` -> ``("mode", {"enable": A, "disable": B})``."""
    names = {k.partition("=")[0] for k in texts}
    name = names.pop()
    if names or name not in params or params[name].type not in ("choice", "bool"):
        raise GuideError(
            f"the variants of the {key} must all name one choice or bool "
            f"parameter of this procedure (name=value)",
            path,
            line,
            Kind.FRONT_MATTER,
        )
    by_value = {k.partition("=")[2]: v for k, v in texts.items()}
    param = params[name]
    expected = list(param.choices) if param.type == "choice" else ["true", "false"]
    if sorted(by_value) != sorted(expected):
        raise GuideError(
            f"the {key} needs one variant for each value of {name!r}: "
            f"{', '.join(f'{name}={v}' for v in expected)}",
            path,
            line,
            Kind.FRONT_MATTER,
        )
    return name, by_value


def _param_spec(name: str, spec: dict[str, Any], path: str | Path, line: int) -> ParamSpec:
    ptype = spec["type"]
    choices = tuple(spec.get("choices") or ())
    if ptype == "choice" and not choices:
        raise GuideError(
            f"parameter {name!r} of type choice needs 'choices'", path, line, Kind.PARAMS
        )
    if ptype != "choice" and choices:
        raise GuideError(
            f"parameter {name!r}: 'choices' only goes with type choice", path, line, Kind.PARAMS
        )
    param = ParamSpec(
        name,
        ptype,
        "default" not in spec,
        spec.get("default"),
        choices,
        spec.get("description", ""),
    )
    if not param.required:
        problem = check_value(param, param.default)
        if problem:
            raise GuideError(f"default of parameter {name!r}: {problem}", path, line, Kind.PARAMS)
    return param


def check_value(param: ParamSpec, value: Any) -> str | None:
    """None if ``value`` fits the parameter's type, else what is wrong."""
    kind = param.type
    if kind == "bool" and not isinstance(value, bool):
        return f"expected true or false, got {quote(value)}"
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"expected a whole number, got {quote(value)}"
    if kind in ("string", "version", "choice") and not isinstance(value, str):
        hint = ' (quote versions: "4.4")' if kind == "version" else ""
        return f"expected text, got {quote(value)}{hint}"
    if kind == "version" and not re.match(VERSION, value):
        return f'expected a version such as "4.4" or "4.4.9", got {quote(value)}'
    if kind == "choice" and value not in param.choices:
        return f"expected one of {', '.join(param.choices)}, got {quote(value)}"
    return None


def bind_params(proc: Procedure, given: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Check include parameters against the declaration.

    Returns the full parameter values and a list of problems (empty when valid).
    """
    problems = [
        f"procedure {proc.id!r} has no parameter {quote(name)}"
        + (f" (it has: {', '.join(proc.params)})" if proc.params else " (it takes none)")
        for name in given
        if name not in proc.params
    ]
    values: dict[str, Any] = {}
    for name, param in proc.params.items():
        if name in given:
            problem = check_value(param, given[name])
            if problem:
                problems.append(f"parameter {name!r} of {proc.id!r}: {problem}")
            values[name] = given[name]
        elif param.required:
            problems.append(f"procedure {proc.id!r} needs parameter {name!r} ({param.type})")
        else:
            values[name] = param.default
    return values, problems


@dataclass(frozen=True)
class Library:
    """All procedures of a project, by id."""

    procedures: dict[str, Procedure]
    directory: str

    def get(self, proc_id: str) -> Procedure | None:
        return self.procedures.get(proc_id)


def load_library(directory: Path, root: Path | None = None) -> Library:
    """Parse every procedures/*.md (README.md excepted).

    A procedure that is a link to a file outside ``root`` (the project: the
    folder above ``directory`` by default) is refused: the guides would publish
    whatever file it points to."""
    project = (root or directory.resolve().parent).resolve()
    if not directory.is_dir():
        what = "missing" if not directory.exists() else "not a folder"
        raise GuideError(f"the procedures folder is {what}", directory, kind=Kind.FILE)
    procs: dict[str, Procedure] = {}
    try:
        paths = sorted(directory.glob("*.md"))
    except OSError as exc:
        raise GuideError(
            f"cannot list the procedures folder: {exc.strerror or exc}", directory, kind=Kind.FILE
        ) from None
    for path in paths:
        if path.name.upper() == "README.MD":
            continue
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a link loop: read_text names it
            target = project / path.name
        if path.is_symlink() and project not in target.parents:
            raise GuideError(
                f"this procedure is a link to a file outside the project "
                f"({target}); procedures are files of {project}",
                path,
                kind=Kind.FILE,
            )
        proc = parse_procedure(read_text(path, MAX_PROCEDURE_CHARS * 4), path)
        procs[proc.id] = proc
    return Library(procs, str(directory))
