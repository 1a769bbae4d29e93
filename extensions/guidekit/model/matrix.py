"""The version matrix (procedures/versions.yaml): load, validate, look up."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidekit.model.errors import GuideError, Kind, read_text
from guidekit.model.yamldata import parse_yaml, validate

VERSION = r"^[0-9]+\.[0-9]+(\.[0-9]+)?$"
_STR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
_VERSION_STR = {"type": "string", "pattern": VERSION}

RELEASE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "rhel", "package_manager", "manager", "host", "postgresql", "compatibility", "ovn", "ovs",
    ],
    "additionalProperties": False,
    "properties": {
        "rhel": {
            "type": "object",
            "required": ["major", "minors"],
            "additionalProperties": False,
            "properties": {
                "major": {"type": "integer", "minimum": 6},
                "minors": {"type": "array", "items": _VERSION_STR, "minItems": 1},
                "release": _VERSION_STR,
            },
        },
        "package_manager": {"enum": ["yum", "dnf"]},
        "manager": {
            "type": "object",
            "required": ["repos", "version_repo", "eap_channels"],
            "additionalProperties": False,
            "properties": {
                "repos": _STR_LIST,
                "version_repo": {"type": "string"},
                "eap_channels": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["since", "channel"],
                        "additionalProperties": False,
                        "properties": {"since": _VERSION_STR, "channel": {"type": "string"}},
                    },
                },
                "extra_repos": {"type": "object", "additionalProperties": {"type": "string"}},
                "imageio_service": {"type": "string"},
                "modules": _STR_LIST,
            },
        },
        "host": {
            "type": "object",
            "required": ["rhvh", "rhel"],
            "additionalProperties": False,
            "properties": {
                kind: {
                    "type": "object",
                    "required": ["repos"],
                    "additionalProperties": False,
                    "properties": {
                        "repos": _STR_LIST,
                        "release": _VERSION_STR,
                        "image_update_reinstall_release": _VERSION_STR,
                    },
                }
                for kind in ("rhvh", "rhel")
            },
        },
        "postgresql": {
            "type": "object",
            "required": ["version", "service", "data_dir"],
            "additionalProperties": False,
            "properties": {
                "version": _VERSION_STR | {"pattern": r"^[0-9]+(\.[0-9]+)?$"},
                "scl": {"type": "string"},
                "module": {"type": "string"},
                "service": {"type": "string"},
                "data_dir": {"type": "string", "pattern": "^/"},
            },
        },
        "compatibility": {
            "type": "object",
            "required": ["levels"],
            "additionalProperties": False,
            "properties": {
                "levels": {"type": "array", "items": _VERSION_STR, "minItems": 1},
                "nic_renumbering_level": _VERSION_STR,
                "emulated_machine_example": {
                    "type": "object",
                    "required": ["level", "machine"],
                    "properties": {"level": _VERSION_STR, "machine": {"type": "string"}},
                },
            },
        },
        "ovn": {"type": "string"},
        "ovs": {"type": "string"},
        "nodejs_stream": {"type": "string"},
        "analyzer": {
            "type": "object",
            "required": ["discrepancies_since", "discrepancies_package"],
            "properties": {
                "discrepancies_since": _VERSION_STR,
                "discrepancies_package": {"type": "string"},
            },
        },
        "virt_streams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["first", "last", "stream"],
                "additionalProperties": False,
                "properties": {
                    # The release as users know it, when its number is not (4.4 SP1).
                    "name": {"type": "string", "minLength": 1},
                    "first": _VERSION_STR,
                    "last": {"anyOf": [_VERSION_STR, {"type": "null"}]},
                    "stream": {"type": "string"},
                },
            },
        },
    },
}

MATRIX_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "guidekit version matrix (procedures/versions.yaml)",
    "type": "object",
    "required": ["releases"],
    "additionalProperties": False,
    "properties": {
        "releases": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": r"^[0-9]+\.[0-9]+$"},
            "additionalProperties": RELEASE_SCHEMA,
        }
    },
}


def version_key(version: str) -> tuple[int, ...]:
    """Sort key for dotted versions: '4.4.10' sorts after '4.4.9'."""
    return tuple(int(part) for part in re.findall(r"\d+", version))


@dataclass(frozen=True)
class VersionMatrix:
    """Every version fact, by release ('4.2', '4.3', '4.4')."""

    releases: dict[str, dict[str, Any]]
    path: str = ""
    #: The releases as templates see them (with named values, see ``_named``).
    views: dict[str, dict[str, Any]] = field(default_factory=dict)

    def release(self, version: str) -> dict[str, Any]:
        try:
            return self.views.get(version) or self.releases[version]
        except KeyError:
            known = ", ".join(sorted(self.releases, key=version_key))
            raise GuideError(
                f"release {version!r} is not in the version matrix (known: {known})",
                self.path,
                kind=Kind.MATRIX,
            ) from None

    def eap_channel(self, version: str, z: str | None = None) -> str:
        """The JBoss EAP channel of a release, or of one z-stream of it."""
        channels = self.release(version)["manager"]["eap_channels"]
        if z is None:
            return str(channels[-1]["channel"])
        eligible = [c for c in channels if version_key(c["since"]) <= version_key(z)]
        return str((eligible or channels[:1])[-1]["channel"])

    def virt_stream(self, z: str) -> str:
        """The `virt` module stream for an RHV 4.4.z release."""
        major_minor = ".".join(z.split(".")[:2])
        for entry in self.release(major_minor).get("virt_streams", []):
            first, last = version_key(entry["first"]), entry["last"]
            if version_key(z) >= first and (last is None or version_key(z) <= version_key(last)):
                return str(entry["stream"])
        raise GuideError(f"no virt module stream is defined for {z}", self.path, kind=Kind.MATRIX)


def parse_matrix(text: str, path: str | Path = "versions.yaml") -> VersionMatrix:
    """Parse and validate the matrix text; a schema error names the key and line."""
    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise GuideError("the version matrix must be a mapping with 'releases'",
                         path, 1, Kind.SCHEMA)
    validate(data, MATRIX_SCHEMA, path)
    releases = dict(data["releases"])
    return VersionMatrix(releases, str(path), {v: _named(r) for v, r in releases.items()})


def _named(release: dict[str, Any]) -> dict[str, Any]:
    """The release as templates see it, with names for what they would otherwise
    pick by position: the current and previous JBoss EAP channel and ``virt``
    module stream, and each stream's ``name`` (its first release by default)."""
    channels = release["manager"]["eap_channels"]
    view = {**release, "manager": {**release["manager"], "eap": {
        "current": channels[-1], "previous": channels[-2] if len(channels) > 1 else None}}}
    streams = [{"name": s["first"], **s} for s in release.get("virt_streams") or []]
    if streams:
        view["virt_streams"] = streams
        view["virt"] = {"current": streams[-1],
                        "previous": streams[-2] if len(streams) > 1 else None}
    return view


def load_matrix(path: Path) -> VersionMatrix:
    return parse_matrix(read_text(path), path)
