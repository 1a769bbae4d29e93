"""cmdlint knows no product: a project's [tool.cmdlint] tells it its version matrix,
its product's name, which repository ids must be in the matrix and which product
versions the text may name. Without them nothing of RHV is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdlint.cli import main
from cmdlint.specs import clear_spec_caches

FENCE = "`" * 3
MATRIX = """releases:
  "2.4":
    manager:
      repos: [acme-2.4-server-rpms]
  "3.0":
    manager:
      repos: [acme-3.0-server-rpms]
"""
PROSE = """products:
  - name: Acme Server
    pattern: 'Acme Server'
    fact: release
"""


def _doc(folder: Path) -> Path:
    page = folder / "upgrade.md"
    page.write_text(
        "# Upgrade\n\nThis guide upgrades Acme Server 1.9 and Red Hat Virtualization 4.4.\n\n"
        f"{FENCE}console\n# subscription-manager repos --enable=acme-9.9-server-rpms \\\n"
        f"  --enable=rhv-4.4-manager-for-rhel-8-x86_64-rpms\n{FENCE}\n",
        encoding="utf-8",
    )
    (folder / "versions.yaml").write_text(MATRIX, encoding="utf-8")
    (folder / "prose.yaml").write_text(PROSE, encoding="utf-8")
    return page


def _run(folder: Path, settings: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    (folder / "pyproject.toml").write_text(f"[tool.cmdlint]\n{settings}", encoding="utf-8")
    main(
        [
            "--no-shellcheck",
            "--config",
            str(folder / "pyproject.toml"),
            "--from",
            "2.4",
            "--to",
            "3.0",
            str(folder / "upgrade.md"),
        ]
    )
    return [line.split("] ", 1)[1] for line in capsys.readouterr().out.splitlines() if "] " in line]


def test_no_product_knowledge_without_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _doc(tmp_path)
    assert _run(tmp_path, 'matrix = "versions.yaml"\n', capsys) == []


def test_a_projects_facts_find_its_own_wrong_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _doc(tmp_path)
    settings = (
        'matrix = "versions.yaml"\nproduct = "Acme"\nrepository-pattern = "acme-"\n'
        'prose-versions = "prose.yaml"\n'
    )
    messages = _run(tmp_path, settings, capsys)
    assert any("'Acme Server 1.9' does not fit this guide" in m for m in messages), messages
    assert any(
        "repository 'acme-9.9-server-rpms' is not in the version matrix" in m for m in messages
    ), messages
    assert not any("rhv" in m.lower() or "Red Hat" in m for m in messages), messages


def test_this_repository_supplies_the_rhv_facts() -> None:
    from cmdlint.config import load_config
    from cmdlint.ruleset import all_rules

    root = Path(__file__).resolve().parents[2]
    facts = load_config(root / "pyproject.toml", all_rules()).facts
    assert facts.product == "RHV" and facts.repository_pattern and facts.prose_versions
    assert Path(facts.prose_versions).is_file()
    builtin = (root / "extensions" / "cmdlint" / "prose_versions.yaml").read_text("utf-8")
    assert "Virtualization" not in builtin and "RHV" not in builtin


SPEC = """acmectl:
  subcommand_required: true
  subcommands:
    upgrade:
      options:
        --to: {value: required}
        --dry-run:
"""


def test_a_projects_own_command_specs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "tool.md"
    page.write_text(
        f"{FENCE}console\n$ acmectl upgrade --to 3.0 --dry-run\n$ acmectl upgrade --too 3.0\n"
        f"$ acmectl upgrad\n{FENCE}\n",
        encoding="utf-8",
    )
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "acme.yaml").write_text(SPEC, encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.cmdlint]\n", encoding="utf-8")
    assert main(["--no-shellcheck", "--config", str(pyproject), str(page)]) == 0
    capsys.readouterr()
    pyproject.write_text('[tool.cmdlint]\nspecs = ["specs"]\n', encoding="utf-8")
    assert main(["--no-shellcheck", "--config", str(pyproject), str(page)]) == 1
    found = [line for line in capsys.readouterr().out.splitlines() if "[option]" in line]
    assert [line.split(":")[1] for line in found] == ["3", "4"], found
    (tmp_path / "specs" / "acme.yaml").write_text("acmectl: [1\n", encoding="utf-8")
    clear_spec_caches()  # specs are read once per process; this test edits them
    assert main(["--no-shellcheck", "--config", str(pyproject), str(page)]) == 2
    assert f"specs: {tmp_path / 'specs' / 'acme.yaml'}:" in capsys.readouterr().err


def test_prompt_conventions_of_other_projects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``$``, ``$ sudo``, ``%`` and ``(venv) $`` sessions read as commands after a prompt;
    a root-only command without sudo after ``$`` is the one finding."""
    page = tmp_path / "prompts.md"
    page.write_text(
        f"{FENCE}console\n$ ls -l /etc\n$ sudo systemctl restart nginx\n% echo done\n"
        f"(venv) $ pip install requests\nrequests installed\n$ systemctl restart nginx\n{FENCE}\n",
        encoding="utf-8",
    )
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.cmdlint]\n", encoding="utf-8")
    assert main(["--no-shellcheck", "--config", str(pyproject), str(page)]) == 0
    found = [line for line in capsys.readouterr().out.splitlines() if "] " in line]
    assert [(line.split(":")[1], line.split("[")[1].split("]")[0]) for line in found] == [
        ("7", "root-prompt")
    ], found


def _findings(out: str) -> list[tuple[str, str]]:
    found = [line for line in out.splitlines() if "] " in line]
    return [(line.split(":")[1], line.split("[")[1].split("]")[0]) for line in found]


def test_a_projects_own_prompt_is_read_only_when_configured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``app$`` is no prompt of cmdlint's: its lines are output until ``prompts`` names
    it; then they are commands, checked like any other (the root-only command is found)."""
    page = tmp_path / "app.md"
    page.write_text(
        f"{FENCE}console\napp$ systemctl restart nginx\nrestarted\n"
        f"(venv) app$ sudo systemctl restart nginx\n{FENCE}\n\n"
        f"{FENCE}\napp$ systemctl stop nginx\n{FENCE}\n",
        encoding="utf-8",
    )
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.cmdlint]\n", encoding="utf-8")
    assert main(["--no-shellcheck", "--config", str(pyproject), str(page)]) == 0
    assert _findings(capsys.readouterr().out) == []
    pyproject.write_text('[tool.cmdlint]\nprompts = ["app$"]\n', encoding="utf-8")
    assert main(["--no-shellcheck", "--config", str(pyproject), str(page)]) == 0  # warnings
    assert _findings(capsys.readouterr().out) == [("2", "root-prompt"), ("8", "root-prompt")]


@pytest.mark.parametrize("value", ['[""]', '[" app$"]', '"app$"'])
def test_a_prompt_that_is_no_text_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    page = tmp_path / "app.md"
    page.write_text("# Nothing\n", encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.cmdlint]\nprompts = {value}\n", encoding="utf-8")
    assert main(["--no-shellcheck", "--config", str(pyproject), str(page)]) == 2
    assert "[tool.cmdlint] prompts" in capsys.readouterr().err


ACME_PROSE = """products:
  - name: Acme DB
    pattern: 'Acme DB'
    fact: database.channels.name
    version: 'acme-db-(\\d+(?:\\.\\d+)?)-rpms'
  - name: Linux
    pattern: 'Linux'
    fact: os.major
"""
ACME_RELEASES = {
    "2.4": {"database": {"channels": [{"name": "acme-db-5.1-rpms"}]}, "os": {"major": 9}},
    "3.0": {"database": {"channels": [{"name": "acme-db-6-rpms"}]}, "os": {"major": 9}},
}


def test_a_projects_facts_come_from_its_own_matrix_paths(tmp_path: Path) -> None:
    """The matrix path of each fact is the project's data: cmdlint knows no field."""
    from cmdlint.rules.proseversions import version_problems

    prose = tmp_path / "prose.yaml"
    prose.write_text(ACME_PROSE, encoding="utf-8")
    text = "Acme DB 5.1 and 6.2 on Linux 9.4. Acme DB 5.2 or Linux 8 do not fit."

    def found(start: str, end: str) -> list[str]:
        problems = version_problems(text, ACME_RELEASES, start, end, project_file=str(prose))
        return [message.split("'")[1] for _, message in problems]

    assert found("2.4", "3.0") == ["Acme DB 5.2", "Linux 8"]
    assert found("3.0", "3.0") == ["Acme DB 5.1", "Acme DB 5.2", "Linux 8"]
    source = Path(__file__).resolve().parents[2] / "extensions/cmdlint/rules/proseversions.py"
    code = source.read_text(encoding="utf-8")
    assert not any(word in code for word in ("rhel", "postgresql", "eap_channels", "jb-eap"))
