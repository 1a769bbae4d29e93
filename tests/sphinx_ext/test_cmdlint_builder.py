"""``-b cmdlint``: findings point at the procedure file and line, never the built page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.application import Sphinx

CONF = """
from docutils import nodes
from docutils.parsers.rst import Directive

PROCEDURE = {procedure!r}
extensions = ["guidekit.sphinx_ext.cmdlint_builder"]


class Command(Directive):
    has_content = True

    def run(self):
        node = nodes.literal_block("\\n".join(self.content), "\\n".join(self.content))
        node["classes"].append("guidekit-command")
        node["guidekit_machine"] = "manager"
        node["source"] = PROCEDURE
        node["line"] = 3
        return [node]


def setup(app):
    app.add_directive("testcommand", Command)
    def versions(app):
        from guidekit.sphinx_ext.cmdlint_builder import set_guide_versions
        set_guide_versions(app, "4.3", "4.4")

    app.connect("builder-inited", versions)
"""

INDEX = """Guide
=====

.. testcommand::

   # hosted-engine --set-maintenance --mode=globl
   # subscription-manager repos --enable=rhel-7-server-rhv-4.2-manager-rpms
"""


@pytest.mark.slow
def test_builder_reports_procedure_lines(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    procedure = str(tmp_path / "procedures" / "global-maintenance.md")
    (src / "conf.py").write_text(CONF.format(procedure=procedure), encoding="utf-8")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(
        str(src),
        str(src),
        str(out),
        str(tmp_path / "doctrees"),
        "cmdlint",
        status=None,
        warning=None,
        freshenv=True,
    )
    app.config.cmdlint_matrix = str(
        Path(__file__).resolve().parents[2] / "procedures" / "versions.yaml"
    )
    app.build()
    assert app.statuscode == 1
    report = json.loads((out / "cmdlint.json").read_text(encoding="utf-8"))
    assert {(f["path"], f["line"], f["rule"]) for f in report} == {
        (procedure, 3, "option"),
        (procedure, 4, "version-mismatch"),
    }
    assert "output.txt" in {p.name for p in out.iterdir()}


class _Host:
    """A host extension's answer to cmdlint-guide-versions, for versions_for."""

    def __init__(self, answer: tuple[str, ...]) -> None:
        self.answer = answer

    def emit_firstresult(self, event: str, docname: str) -> tuple[str, ...]:
        return self.answer


def test_a_host_phase_is_a_release_phase_or_refused() -> None:
    from sphinx.errors import ExtensionError

    from cmdlint.model import ReleasePhase
    from cmdlint.sphinx.builder import versions_for

    found = versions_for(_Host(("4.3", "4.4", "to")), "page")
    assert found == ("4.3", "4.4", ReleasePhase.TO) and type(found[2]) is ReleasePhase
    assert versions_for(_Host(("4.3", "4.4")), "page") == ("4.3", "4.4", None)
    with pytest.raises(ExtensionError, match=r"phase of 'page' is 'later'"):
        versions_for(_Host(("4.3", "4.4", "later")), "page")
