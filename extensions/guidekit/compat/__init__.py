"""The fence around other projects' internals.

guidekit relies on a few things that MyST-Parser, Furo, sphinx-copybutton,
sphinx-tabs and Sphinx do not promise to keep (private attributes, module
globals, hard-coded strings, the shape of a logging record). Every such use
lives here, one module per upstream, and nowhere else. Each module

- says in its docstring why the patch exists and what it relies on,
- names the versions it was tested with (:class:`Tested`), and
- has a ``check_*`` function that verifies the upstream shape it needs and
  raises :class:`UpstreamChanged`, naming the upstream and the missing piece.

The extension runs the checks when Sphinx loads it, so that a changed
upstream stops the build with one message instead of a wrong page; the
contract tests (``tests/compat``) run the same checks, and exercise each
patch, without a browser. The tested versions are pinned for tox and CI in
``constraints.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import metadata

from packaging.version import InvalidVersion, Version


class UpstreamChanged(RuntimeError):
    """An upstream no longer has the shape a compat patch relies on."""

    def __init__(self, upstream: Tested, what: str) -> None:
        found = upstream.installed() or "not installed"
        super().__init__(
            f"{upstream.distribution} {found} changed: {what}. guidekit was tested with "
            f"{upstream.distribution} {upstream.range}; install a version in that range "
            f"(constraints.txt) or update guidekit/compat/{upstream.module}.py"
        )
        self.upstream = upstream


@dataclass(frozen=True)
class Tested:
    """The versions of an upstream that a compat module was tested with."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    distribution: str
    minimum: str
    below: str
    module: str

    @property
    def range(self) -> str:
        return f">={self.minimum},<{self.below}"

    def installed(self) -> str | None:
        return _installed(self.distribution)

    def fits(self) -> bool:
        """Whether the installed version is one the patch was tested with."""
        found = self.installed()
        if found is None:
            return False
        try:
            return Version(self.minimum) <= Version(found) < Version(self.below)
        except InvalidVersion:
            return False

    def require(self, present: bool, what: str) -> None:
        """Raise :class:`UpstreamChanged` unless ``present``."""
        if not present:
            raise UpstreamChanged(self, what)


@cache
def _installed(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
