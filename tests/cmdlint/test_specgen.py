"""The specs generated from fish's completions: the parser, the data file, lazy loading."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cmdlint import specgen
from cmdlint.argcheck import check_command
from cmdlint.model import Word
from cmdlint.specs import GENERATED, generated_names, load_specs, spec_for

FISH = Path("/usr/share/fish")
DATA = Path(specgen.__file__).parent.joinpath(*GENERATED)


def words(text: str) -> list[Word]:
    return [Word(w, w, 1, 1) for w in text.split()]


def test_parse_statement_reads_short_long_old_and_values() -> None:
    statement = specgen.parse_statement(
        ["-c", "cp", "-s", "S", "-l", "suffix", "-r", "-d", "Backup suffix"]
    )
    assert statement is not None
    assert (statement.commands, statement.short, statement.long) == (["cp"], ["S"], ["suffix"])
    assert statement.require
    clustered = specgen.parse_statement(["-xc", "grep", "-s", "e", "-l", "regexp"])
    assert clustered is not None and clustered.require and clustered.commands == ["grep"]
    old = specgen.parse_statement(["--command=find", "--old-option=name", "--exclusive"])
    assert old is not None and old.old == ["name"] and old.require


def test_collect_takes_the_gnu_branch_and_helper_functions(tmp_path: Path) -> None:
    completions = tmp_path / "completions"
    functions = tmp_path / "functions"
    completions.mkdir()
    functions.mkdir()
    (completions / "tool.fish").write_text(
        "if tool --version >/dev/null # GNU\n"
        "    complete -c tool -s a -l all -d 'All'\n"
        "    complete -c tool -l file -r \\\n        -d 'File'\n"
        "else\n"
        "    complete -c tool -s Z -d 'BSD only'\n"
        "end\n"
        "__fish_complete_common tool\n"
    )
    (functions / "__fish_complete_common.fish").write_text(
        "function __fish_complete_common --argument-names cmd\n"
        "    complete -c $cmd -s q -l quiet\n"
        "end\n"
    )
    found = specgen.collect(completions, functions)
    spec = specgen.to_spec(found["tool"])
    assert spec == {"options": {"--all|-a": None, "--file": "required", "--quiet|-q": None}}
    line = specgen.render(found, "test").splitlines()[-1]
    assert line.split("\t")[0] == "tool" and json.loads(line.split("\t")[1]) == spec


def test_generated_file_is_compact_and_every_line_loads() -> None:
    assert DATA.stat().st_size < 450_000
    names = generated_names()
    assert len(names) > 600 and {"cp", "grep", "rsync", "curl", "find"} <= names
    for name in sorted(names):
        spec = spec_for(name)
        assert spec is not None and spec.options, name


def test_hand_written_specs_win_and_may_build_on_generated_ones() -> None:
    hand = load_specs()
    assert spec_for("engine-setup") is hand["engine-setup"] and hand["engine-setup"].strict
    cp = spec_for("cp")
    assert cp is hand["cp"] and not cp.strict and "--preserve" in cp.options
    assert cp.args == {"min": 2}


def test_lenient_specs_report_near_misses_only() -> None:
    rsync = spec_for("rsync")
    assert rsync is not None and not rsync.strict
    assert check_command(rsync, words("-avz --some-new-option a b")) == []
    (issue,) = check_command(rsync, words("-avz --delet a b"))
    assert "did you mean '--delete'" in issue.message


def test_single_dash_long_option_misread_as_short_options() -> None:
    playbook = spec_for("ansible-playbook")
    assert playbook is not None
    (issue,) = check_command(playbook, words("site.yml -tags backup"))
    assert "--tags" in issue.message
    ls = spec_for("ls")
    assert ls is not None and check_command(ls, words("-all /tmp")) == []  # -a -l -l


def test_import_does_not_read_the_generated_specs() -> None:
    code = "import cmdlint.cli, cmdlint.specs as s; print(s._generated_index.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0"]


@pytest.mark.skipif(not (FISH / "completions").is_dir(), reason="fish-common not installed")
def test_generated_file_is_current_for_the_installed_fish() -> None:
    header = DATA.read_text(encoding="utf-8").splitlines()[1]
    if specgen.fish_version(FISH) not in header:
        pytest.skip("another fish version than the one the file was generated from")
    assert specgen.main(["--check"]) == 0
