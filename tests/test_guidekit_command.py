"""The one ``guidekit`` command: its subcommands and their errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guidekit.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]


def test_every_feature_is_a_subcommand() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == {
        "build",
        "lint",
        "pdf",
        "checklist",
        "i18n",
        "cmdlint",
        "flow",
        "schemas",
        "init",
        "settings",
    }


@pytest.mark.parametrize("command", [["build"], ["pdf"]])
def test_unknown_language_is_refused(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--root", str(REPO), "--lang", "xx"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "guidekit: error: --lang xx: the guides are in en, ja (guidekit_languages in conf.py)"
    )


def test_no_project_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "guidekit", "build", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"guidekit: error: no conf.py in {tmp_path}; say where the project is with --root"
    ]


def test_cmdlint_subcommand_is_cmdlint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("```console\n# systemctl restart  ovirt-engine\n```\n", "utf-8")
    status = main(["cmdlint", "--no-shellcheck", str(doc)])
    from cmdlint.cli import main as cmdlint_main

    first = capsys.readouterr().out
    assert cmdlint_main(["--no-shellcheck", str(doc)]) == status
    assert capsys.readouterr().out == first


def test_the_site_root_opens_the_first_language() -> None:
    from guidekit.cli.build import site_index

    page = site_index(["ja", "en"])
    assert "url=ja/index.html" in page and '<html lang="ja">' in page
    assert '<a href="en/index.html" hreflang="en" lang="en">English</a>' in page
    assert '<a href="ja/index.html" hreflang="ja" lang="ja">日本語</a>' in page
    assert "&lt;" in site_index(["<x>"]) and "<x>" not in site_index(["<x>"])
