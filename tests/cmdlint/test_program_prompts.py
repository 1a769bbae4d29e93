"""Sessions of other programs (``mysql>``, ``postgres=#``, ``>>>``) inside shell blocks:
their lines are that program's input, neither shell nor output; a project declares
its own (``program-prompts`` in ``[tool.cmdlint]``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdlint.cli import main
from cmdlint.engine import analyse
from cmdlint.model import Block, BlockKind, ProgramPrompt
from cmdlint.session import program_input, program_patterns

FENCE = "```"


def _roles(lines: list[str], kind: BlockKind = BlockKind.CONSOLE, **extra: object) -> list:
    analysis = analyse(Block("doc.md", 2, lines, kind), **extra)  # type: ignore[arg-type]
    return [(sl.role, sl.prompt, sl.language) for sl in analysis.session]


def test_built_in_sessions_are_their_programs_input() -> None:
    roles = _roles(
        [
            "$ mysql -u root -p",
            "mysql> SELECT user, host",
            "    -> FROM mysql.user;",
            "+------+------+",
            "$ sudo -u postgres psql engine",
            "engine=# SELECT count(*)",
            "engine-# FROM vds;",
            "$ python3",
            ">>> for x in range(3):",
            "...     print(x)",
            "irb(main):001:0> puts 'hi'",
            "SQL> SELECT 1 FROM dual;",
        ]
    )
    assert roles == [
        ("command", "$", ""),
        ("input", "mysql>", "sql"),
        ("input", "->", "sql"),
        ("output", "", ""),
        ("command", "$", ""),
        ("input", "engine=#", "sql"),
        ("input", "engine-#", "sql"),
        ("command", "$", ""),
        ("input", ">>>", "python"),
        ("input", "...", "python"),
        ("input", "irb(main):001:0>", "ruby"),
        ("input", "SQL>", "sql"),
    ]


def test_a_continuation_prompt_counts_only_right_after_its_programs_input() -> None:
    """``->`` after output, or ``...`` after a shell command, is no input."""
    assert _roles(["$ mysql", "mysql> SELECT 1;", "1 row", "-> not typed"]) == [
        ("command", "$", ""),
        ("input", "mysql>", "sql"),
        ("output", "", ""),
        ("output", "", ""),
    ]
    patterns = program_patterns()
    assert program_input("    -> FROM t;", patterns, None) is None
    assert program_input("mysqladmin> x", patterns, None) is None  # not "mysql>"
    assert program_input("mysql>", patterns, None) is not None  # an empty input line


def test_a_script_line_after_a_program_prompt_is_not_shell() -> None:
    """In a bash block, ``mysql> SELECT 1;`` was a shell command (``mysql`` writing
    to a file ``SELECT``); it is the input of mysql, and the block has no command."""
    block = Block("doc.md", 2, ["mysql> SELECT 1;", "ls -l"], BlockKind.BASH)
    analysis = analyse(block)
    assert [c.text.strip() for c in analysis.commands] == ["ls -l"]
    assert analysis.session[0].role == "input"


def _lint(tmp_path: Path, settings: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    page = tmp_path / "cql.md"
    page.write_text(
        f"{FENCE}bash\ncqlsh> SELECT name FROM ks.users WHERE id = 1 AND (a = 1);\n"
        f"   ... AND b = 2;\n{FENCE}\n",
        encoding="utf-8",
    )
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.cmdlint]\n{settings}", encoding="utf-8")
    main(["--no-shellcheck", "--no-cache", "--config", str(pyproject), str(page)])
    return [line for line in capsys.readouterr().out.splitlines() if "] " in line]


def test_a_projects_own_program_prompt_is_read_only_when_declared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    undeclared = _lint(tmp_path, "", capsys)
    assert len(undeclared) == 1 and "[syntax] bash: syntax error" in undeclared[0]
    declared = _lint(
        tmp_path,
        '[tool.cmdlint.program-prompts]\n"cqlsh>" = { language = "cql", continuation = ["..."] }\n',
        capsys,
    )
    assert declared == []
    own = (ProgramPrompt("cqlsh>", "cql", ("...",)),)
    roles = _roles(["cqlsh> SELECT 1;", "   ... ;"], BlockKind.BASH, programs=own)
    assert roles == [("input", "cqlsh>", "cql"), ("input", "...", "cql")]


def test_a_short_declaration_names_only_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _lint(tmp_path, '[tool.cmdlint.program-prompts]\n"cqlsh>" = "cql"\n', capsys)
    assert found == []  # the continuation line is output: no shell to check


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"cqlsh>" = ""', "needs a language"),
        ('"cqlsh>" = { language = "cql", continuation = "..." }', "continuation must be"),
        ('"cqlsh>" = { lang = "cql" }', "must be a language"),
        ('" cqlsh>" = "cql"', "is not a prompt"),
    ],
)
def test_a_bad_program_prompt_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, says: str
) -> None:
    page = tmp_path / "a.md"
    page.write_text("# Nothing\n", encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.cmdlint.program-prompts]\n{value}\n", encoding="utf-8")
    assert main(["--no-shellcheck", "--config", str(pyproject), str(page)]) == 2
    err = capsys.readouterr().err
    assert f"{pyproject}: [tool.cmdlint] program-prompts: " in err and says in err, err
