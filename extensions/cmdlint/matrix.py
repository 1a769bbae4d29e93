"""The version facts the rules use, read from a version matrix file.

cmdlint reads the matrix on its own (``releases:`` mapping release -> facts) so
that it needs nothing of guidekit; guidekit's ``VersionMatrix`` satisfies the
same :class:`ReleaseFacts` protocol and can be passed in a :class:`Context`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cmdlint.errors import CmdlintError

RELEASE = re.compile(r"^[0-9]+\.[0-9]+$")


class ReleaseFacts(Protocol):
    """What the version rules read: release ('4.4') -> its facts (repos, services...)."""

    @property
    def releases(self) -> dict[str, dict[str, Any]]: ...


@dataclass(frozen=True)
class Releases:
    """A version matrix as cmdlint reads it."""

    releases: dict[str, dict[str, Any]]
    path: str = ""


def load_releases(path: Path) -> Releases:
    """Read ``releases:`` from a YAML matrix; a malformed file is a CmdlintError."""
    import yaml  # only when a matrix is used

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CmdlintError(f"cannot read the version matrix: {exc}", str(path)) from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CmdlintError(f"invalid YAML: {problem}", str(path), line) from None
    releases = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(releases, dict) or not releases:
        raise CmdlintError("a version matrix needs a 'releases:' mapping", str(path), 1)
    for name, facts in releases.items():
        if not RELEASE.match(str(name)) or not isinstance(facts, dict):
            raise CmdlintError(
                f"releases: {name!r} must be a release such as '4.4' mapping to its facts",
                str(path),
                _line_of(text, str(name)),
            )
    return Releases({str(k): v for k, v in releases.items()}, str(path))


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.split("\n"), 1):
        if re.match(rf"\s*['\"]?{re.escape(key)}['\"]?\s*:", line):
            return number
    return None
