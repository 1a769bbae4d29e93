"""cmdlint stands alone: its CLI loads nothing of guidekit, Sphinx or docutils, and
the heavy parts (rules' specs, tree-sitter) only when a file has code blocks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("guidekit", "sphinx", "docutils", "myst_parser", "jinja2")


def loaded_after(code: str) -> set[str]:
    """The top-level packages in sys.modules after ``code`` ran in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "extensions"), "PATH": "/usr/bin:/bin"},
    )
    return {name.split(".")[0] for name in json.loads(result.stdout.strip().splitlines()[-1])}


def test_cli_import_loads_no_sphinx_nor_guidekit() -> None:
    loaded = loaded_after("import cmdlint.cli")
    assert not loaded & set(FORBIDDEN), sorted(loaded & set(FORBIDDEN))
    assert "tree_sitter" not in loaded and "yaml" not in loaded


def test_linting_prose_needs_neither_tree_sitter_nor_specs(tmp_path: Path) -> None:
    page = tmp_path / "one.md"
    page.write_text("Run `ls -l` to list the files.\n", encoding="utf-8")
    loaded = loaded_after(
        f"from cmdlint.cli import main\nassert main([{str(page)!r}, '--no-shellcheck']) == 0"
    )
    assert not loaded & set(FORBIDDEN)
    assert "tree_sitter" not in loaded


def test_linting_a_command_block_still_loads_no_sphinx(tmp_path: Path) -> None:
    page = tmp_path / "cmd.md"
    page.write_text("```console\n# ls -l /etc\n```\n", encoding="utf-8")
    loaded = loaded_after(
        f"from cmdlint.cli import main\nassert main([{str(page)!r}, '--no-shellcheck']) == 0"
    )
    assert not loaded & set(FORBIDDEN)
    assert "tree_sitter" in loaded  # the parser did run


def test_matrix_is_read_without_guidekit(tmp_path: Path) -> None:
    loaded = loaded_after(
        "from pathlib import Path\nfrom cmdlint.matrix import load_releases\n"
        f"m = load_releases(Path({str(ROOT / 'procedures' / 'versions.yaml')!r}))\n"
        "assert '4.4' in m.releases"
    )
    assert not loaded & set(FORBIDDEN)


def test_bad_matrix_is_one_error_naming_file_and_line(tmp_path: Path) -> None:
    from cmdlint.cli import main

    matrix = tmp_path / "versions.yaml"
    matrix.write_text("releases:\n  '4.4': [a, b]\n", encoding="utf-8")
    page = tmp_path / "a.md"
    page.write_text("text\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cmdlint.cli", "--matrix", str(matrix), str(page)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "extensions"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert f"{matrix}:2:" in result.stderr and "Traceback" not in result.stderr
    assert main is not None


def test_guidekit_matrix_satisfies_the_protocol() -> None:
    from cmdlint.matrix import ReleaseFacts, load_releases
    from guidekit.model.matrix import load_matrix

    path = ROOT / "procedures" / "versions.yaml"
    facts: list[ReleaseFacts] = [load_matrix(path), load_releases(path)]
    assert facts[0].releases == facts[1].releases
