"""Bad input to the pure core: one GuideError naming file and line, fast, bounded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from guidekit.model import errors
from guidekit.model.errors import MESSAGE_LIMIT, GuideError, Kind, quote, read_text
from guidekit.model.manifest import parse_manifest
from guidekit.model.matrix import parse_matrix
from guidekit.model.procedures import Library, bind_params, load_library, parse_procedure
from guidekit.model.templating import render_inline, render_template

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "extensions" / "guidekit"
MANIFEST = (REPO / "source" / "guides.yaml").read_text("utf-8")
MATRIX = (REPO / "procedures" / "versions.yaml").read_text("utf-8")

PROC = """---
id: demo
title: Demo {{ params.mode }}
summary: Do the demo.
params:
  mode:
    type: string
---
Line one.

Line three {{ params.mode }}.
"""


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        refs = ",".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bombs_are_refused_fast_in_every_yaml_file() -> None:
    bomb = _alias_bomb()
    start = time.perf_counter()
    with pytest.raises(GuideError) as info:
        parse_manifest(bomb + MANIFEST, "guides.yaml")
    assert info.value.line == 2 and "aliases" in info.value.message
    with pytest.raises(GuideError, match="aliases"):
        parse_matrix(bomb + MATRIX, "versions.yaml")
    with pytest.raises(GuideError) as info:
        parse_procedure(
            PROC.replace("summary: Do the demo.", "x: &x [1]\nsummary: *x"), "procedures/demo.md"
        )
    assert info.value.line == 5 and info.value.kind is Kind.YAML
    assert time.perf_counter() - start < 2


def test_an_unquoted_version_key_is_refused_with_a_hint() -> None:
    broken = MATRIX.replace('  "4.4":', "  4.10:", 1)
    with pytest.raises(GuideError) as info:
        parse_matrix(broken, "versions.yaml")
    assert 'quote it: "4.10"' in info.value.message
    assert broken.splitlines()[info.value.line - 1].strip() == "4.10:"


@pytest.mark.parametrize("size", [10_000, 3_000_000])
def test_huge_values_are_quoted_short(size: int) -> None:
    proc = parse_procedure(PROC, "procedures/demo.md")
    _values, problems = bind_params(proc, {"mode": ["x" * size]})
    assert problems and len(problems[0]) < 300
    _values, problems = bind_params(proc, {"y" * size: 1})
    assert problems and len(problems[0]) < 300
    with pytest.raises(GuideError) as info:
        parse_manifest(
            MANIFEST.replace("title:", f"title: [{'9' * size}]\n    x:", 1), "guides.yaml"
        )
    assert len(str(info.value)) < 600
    assert len(GuideError("m" * size).message) <= MESSAGE_LIMIT
    assert len(quote({"k" * size: ["v" * size] * 100})) <= errors.QUOTE_LIMIT


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_windows_files_parse_with_the_same_lines(newline: str, bom: str, tmp_path: Path) -> None:
    path = tmp_path / "demo.md"
    path.write_bytes((bom + PROC.replace("\n", newline)).encode("utf-8"))
    proc = parse_procedure(read_text(path), path)
    plain = parse_procedure(PROC, path)
    assert (proc.body, proc.body_line, proc.title) == (plain.body, plain.body_line, plain.title)
    # Line numbers in errors stay those of the file.
    broken = bom + PROC.replace("{{ params.mode }}.", "{{ nosuch }}.").replace("\n", newline)
    with pytest.raises(GuideError) as info:
        proc = parse_procedure(broken, path)
        render_template(proc.body, {"params": {"mode": "m"}}, str(path), proc.body_line)
    assert info.value.line == 11
    manifest = parse_manifest(bom + MANIFEST.replace("\n", newline), "guides.yaml")
    assert manifest.guides[0].line == parse_manifest(MANIFEST, "guides.yaml").guides[0].line
    assert parse_matrix(bom + MATRIX.replace("\n", newline)).releases.keys()


@pytest.mark.parametrize(("char", "line"), [("\x00", 11), ("\x02", 11), ("\x1b", 9)])
def test_control_characters_are_an_error_naming_the_line(
    char: str, line: int, tmp_path: Path
) -> None:
    lines = PROC.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1][:3] + char + lines[line - 1][3:]
    path = tmp_path / "demo.md"
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(GuideError) as info:
        read_text(path)
    assert (info.value.line, info.value.kind) == (line, Kind.ENCODING)
    assert f"U+{ord(char):04X}" in info.value.message
    with pytest.raises(GuideError):
        parse_procedure("".join(lines), path)


def test_title_and_summary_errors_name_their_own_lines() -> None:
    text = PROC.replace(
        "title: Demo {{ params.mode }}\nsummary: Do the demo.\n",
        "# a comment\nsummary: Do the {{ nope }}.\ntitle: Demo {{ nada }}\n",
    )
    proc = parse_procedure(text, "procedures/demo.md")
    assert (proc.summary_line, proc.title_line) == (4, 5)
    for source, line in ((proc.summary, proc.summary_line), (proc.title, proc.title_line)):
        with pytest.raises(GuideError) as info:
            render_inline(source, {"params": {}}, proc.path, line)
        assert info.value.line == line and info.value.kind is Kind.UNDEFINED


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        ("{{ 1/0 }}", "ZeroDivisionError"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "nested too deeply"),
        ("{{ range(10**9) | list }}", "range() of 1,000,000,000 items"),
        ("{{ 'a' * 2000000000 }}", "2,000,000,000 items"),
        ("{{ [0] * 10**9 }}", "1,000,000,000 items"),
        ("{{ 'a' | center(10**9) }}", "1,000,000,000 items"),
        ("{{ 'a'.ljust(10**9) }}", "1,000,000,000 items"),
        ("{{ '{:>1000000000}'.format(1) }}", "field width"),
        ("{{ '%1000000000d' % 1 }}", "field width"),
        ("{{ 7 ** 100000 }}", "a power of"),
        ("{% for i in range(9000) %}{{ 'x' * 9000 }}{% endfor %}", "output of more than"),
        ("{{ ''.__class__ }}", "unsafe"),
        ("{{ 'a' + 1 }}", "TypeError"),
        ("{% for %}", "template syntax error"),
    ],
)
def test_template_runtime_errors_and_limits_name_the_line(template: str, fragment: str) -> None:
    start = time.perf_counter()
    with pytest.raises(GuideError) as info:
        render_template(f"one\ntwo\n{template}\n", {}, "procedures/demo.md", 20)
    assert fragment in info.value.message
    assert info.value.path == "procedures/demo.md"
    if "output" not in fragment:
        assert info.value.line == 22
    assert time.perf_counter() - start < 3


def test_a_template_that_never_ends_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from guidekit.model import templating

    monkeypatch.setattr(templating, "MAX_SECONDS", 0.5)
    loops = "{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}"
    start = time.perf_counter()
    with pytest.raises(GuideError, match=r"longer than 0\.5 seconds"):
        render_template(f"x\n{loops}\n", {}, "p.md", 1)
    assert time.perf_counter() - start < 3


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    folder.mkdir()
    (folder / "folder.md").mkdir()
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    os.mkfifo(folder / "fifo.md")
    big = folder / "big.md"
    big.write_text("---\n" + "x" * 2_000_000, "utf-8")
    expected = {
        "folder.md": "it is a folder",
        "dangling.md": "a link to a file that does not exist",
        "loop.md": "a link that cannot be followed",
        "fifo.md": "not a regular file",
        "big.md": "too large",
        "missing.md": "it is missing",
    }
    for name, fragment in expected.items():
        with pytest.raises(GuideError) as info:
            read_text(folder / name)
        assert fragment in info.value.message, name
        assert info.value.path == folder / name
    # The library names the first bad file (in name order) the same way.
    with pytest.raises(GuideError, match="too large"):
        load_library(folder)
    with pytest.raises(GuideError, match="procedures folder is missing"):
        load_library(tmp_path / "nosuch")


def test_a_huge_procedure_fails_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(GuideError, match="procedure is too long") as info:
        parse_procedure(PROC + "line\n" * 2_000_000, "procedures/demo.md")
    assert info.value.kind is Kind.LIMIT
    assert time.perf_counter() - start < 1


@pytest.mark.slow
def test_a_long_but_allowed_procedure_renders_in_linear_time() -> None:
    def run(lines: int) -> float:
        body = "Text {{ params.mode }} and more text.\n" * lines
        proc = parse_procedure(PROC + body, "procedures/demo.md")
        start = time.perf_counter()
        render_template(proc.body, {"params": {"mode": "m"}}, proc.path, proc.body_line)
        return time.perf_counter() - start

    small, large = run(500), run(5000)
    assert large < small * 10 * 4 + 0.5  # ten times the lines, not a hundred times the time


def test_library_is_a_plain_value() -> None:
    assert Library({}, "x").get("y") is None


def test_a_kind_is_a_kind_never_a_string() -> None:
    """GuideError takes a Kind only: a string (a misspelt kind, say) is refused at
    once instead of becoming another kind silently; mypy refuses it too."""
    with pytest.raises(TypeError, match="must be a Kind"):
        GuideError("x", "p.md", 1, "yaml")  # type: ignore[arg-type]
    assert GuideError("x", "p.md", 1, Kind.YAML).kind is Kind.YAML


def test_every_kind_is_in_the_readme() -> None:
    """The README's suppress_warnings table lists every kind."""
    readme = (REPO / "README.md").read_text("utf-8")
    missing = [kind.value for kind in Kind if f"`guidekit.{kind.value}`" not in readme]
    assert missing == [], "README's suppress_warnings table lacks these kinds"


def test_a_huge_manifest_fails_fast(tmp_path: Path) -> None:
    from guidekit.model.manifest import load_manifest

    path = tmp_path / "guides.yaml"
    path.write_text(MANIFEST + "#" + "x" * 50_000_000 + "\n", "utf-8")
    start = time.perf_counter()
    with pytest.raises(GuideError, match="the file is too large") as info:
        load_manifest(path)
    assert info.value.path == path and info.value.kind is Kind.LIMIT
    assert time.perf_counter() - start < 1
