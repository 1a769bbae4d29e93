"""axe-core in the browser tests: where it is, its pinned version, running it, and
the allow-list of findings that are the theme's own (``axe-allowed.yaml``).

axe-core comes from the npm registry through ``.ci/install-browser-deps`` (one
pinned version, integrity checked), unpacked into ``$GUIDEKIT_AXE_CORE``
(default ``/usr/local/share/guidekit/axe-core``). Without it the axe tests skip,
unless GUIDEKIT_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import fnmatch
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

#: The axe-core release the tests run; .ci/install-browser-deps installs the same.
AXE_CORE_VERSION = "4.14.1"
DEFAULT_AXE_DIR = Path("/usr/local/share/guidekit/axe-core")
#: What the reviewers check: WCAG 2.0 A and AA, WCAG 2.1 AA, and axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21aa", "best-practice")
ALLOWED_FILE = Path(__file__).with_name("axe-allowed.yaml")


def axe_dir() -> Path:
    return Path(os.environ.get("GUIDEKIT_AXE_CORE") or DEFAULT_AXE_DIR)


def _unavailable(reason: str) -> None:
    message = f"{reason}; run .ci/install-browser-deps (it installs axe-core {AXE_CORE_VERSION})"
    if os.environ.get("GUIDEKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def axe_source() -> str:
    """The text of ``axe.min.js`` of the pinned release (skips or fails without it)."""
    folder = axe_dir()
    script, package = folder / "axe.min.js", folder / "package.json"
    if not script.is_file() or not package.is_file():
        _unavailable(f"axe-core is not installed in {folder}")
    found = json.loads(package.read_text(encoding="utf-8")).get("version")
    if found != AXE_CORE_VERSION:
        _unavailable(f"axe-core {found} in {folder}, the tests pin {AXE_CORE_VERSION}")
    return script.read_text(encoding="utf-8")


_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: arguments[0], resultTypes: ["violations"]})
  .then((r) => done(JSON.stringify({version: axe.version, violations: r.violations})))
  .catch((e) => done(JSON.stringify({error: String(e)})));
"""


@dataclass(frozen=True)
class Finding:
    """One element that fails one rule."""

    rule: str
    impact: str
    selector: str
    html: str
    help: str
    summary: str

    def __str__(self) -> str:
        return (
            f"{self.rule} ({self.impact}) {self.selector}: {self.help}\n"
            f"      {self.html[:160]}\n      {' '.join(self.summary.split())[:300]}"
        )


def run_axe(driver: Any, source: str, rules: tuple[str, ...] = ()) -> list[Finding]:
    """Run axe on the page open in ``driver``: every failing element of every rule
    of :data:`AXE_TAGS`, or of ``rules`` alone when given."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source)
    driver.set_script_timeout(180)
    run_only = (
        {"type": "rule", "values": list(rules)}
        if rules
        else {
            "type": "tag",
            "values": list(AXE_TAGS),
        }
    )
    result = json.loads(driver.execute_async_script(_RUN, run_only))
    assert "error" not in result, result
    assert result["version"] == AXE_CORE_VERSION
    return [
        Finding(
            rule=violation["id"],
            impact=str(violation.get("impact")),
            selector=" ".join(str(part) for part in node["target"]),
            html=node.get("html", ""),
            help=violation["help"],
            summary=node.get("failureSummary") or "",
        )
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


@dataclass(frozen=True)
class Allowed:
    rule: str
    selector: str
    why: str

    def covers(self, finding: Finding) -> bool:
        return finding.rule == self.rule and fnmatch.fnmatchcase(finding.selector, self.selector)


def allowed() -> list[Allowed]:
    """The findings accepted as the theme's own, each with its reason."""
    data = yaml.safe_load(ALLOWED_FILE.read_text(encoding="utf-8")) or []
    entries = [Allowed(str(e["rule"]), str(e["selector"]), str(e["why"]).strip()) for e in data]
    assert all(e.why for e in entries), "every allowed finding says why"
    return entries
