"""cmdlint's own ``sphinx-build -b cmdlint`` (cmdlint[sphinx]): found through the
``sphinx.builders`` entry point in a project that lists no extension, unknown rule
ids refused at configuration time, a host's findings fed through an event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

FENCE = "`" * 3
PAGE = "Page\n====\n\nText.\n\n.. code-block:: console\n\n   $ ls -l |\n"

HOST = '''
from cmdlint.model import Finding, Severity
from cmdlint.registry import external_rule

DOC = """A host's own check.

Bad: a page that says so.  Good: a page that does not.
"""


def findings(app):
    return [Finding(str(app.srcdir) + "/index.rst", 1, 1, "host-check", Severity.ERROR, "hm")]


def setup(app):
    external_rule("host-check", "error", DOC, family="host")
    app.setup_extension("cmdlint.sphinx")
    app.connect("cmdlint-findings", findings)
'''


def build(tmp_path: Path, conf: str, **overrides: object) -> tuple[int, list[dict[str, object]]]:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(conf, encoding="utf-8")
    (src / "index.rst").write_text(PAGE, encoding="utf-8")
    (src / "host_ext.py").write_text(HOST, encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(
        str(src),
        str(src),
        str(out),
        str(tmp_path / "doctrees"),
        "cmdlint",
        confoverrides=dict(overrides),
        status=None,
        warning=None,
        freshenv=True,
    )
    app.build()
    return app.statuscode, json.loads((out / "cmdlint.json").read_text(encoding="utf-8"))


@pytest.mark.sphinx
def test_builder_from_the_entry_point_without_extensions(tmp_path: Path) -> None:
    status, report = build(tmp_path, "extensions = []\ncmdlint_shellcheck = False\n")
    assert status == 1
    page = str(tmp_path / "src" / "index.rst")
    assert [(f["path"], f["line"], f["rule"]) for f in report] == [(page, 8, "syntax")]


@pytest.mark.sphinx
@pytest.mark.parametrize("setting", ["cmdlint_ignore", "cmdlint_select"])
def test_unknown_rule_ids_are_a_configuration_error(tmp_path: Path, setting: str) -> None:
    with pytest.raises(ConfigError, match=r"unknown rule\(s\) sintax"):
        build(tmp_path, f"extensions = []\n{setting} = ['sintax']\n")


@pytest.mark.sphinx
def test_wrong_types_are_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cmdlint_ignore must be a list"):
        build(tmp_path, "extensions = []\ncmdlint_ignore = 'syntax'\n")


@pytest.mark.sphinx
def test_host_findings_through_the_event_are_selected_like_rules(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(tmp_path / "src"))
    try:
        conf = "extensions = ['host_ext']\ncmdlint_shellcheck = False\n"
        status, report = build(tmp_path, conf)
        assert status == 1 and {f["rule"] for f in report} == {"syntax", "host-check"}
        _status, report = build(tmp_path, conf + "cmdlint_ignore = ['host']\n")
        assert {f["rule"] for f in report} == {"syntax"}
        _status, report = build(tmp_path, conf + "cmdlint_severity = {'host-check': 'info'}\n")
        assert {(f["rule"], f["severity"]) for f in report} == {
            ("syntax", "error"),
            ("host-check", "info"),
        }
    finally:
        sys.path.remove(str(tmp_path / "src"))
        sys.modules.pop("host_ext", None)
        from cmdlint.registry import RULES

        RULES.pop("host-check", None)
