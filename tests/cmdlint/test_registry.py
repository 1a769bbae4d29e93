"""One rule framework: families, selection by family, default-off rules, where a rule
applies, external rules, unknown names refused, ``--explain`` from the docstring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cmdlint.cli import explain, main
from cmdlint.config import ConfigError, load_config
from cmdlint.engine import Selection, lint_blocks, lint_text
from cmdlint.model import Analysis, Block, Category, Severity
from cmdlint.registry import RULES, Context, Hit, Scope, UnknownRule, expand, external_rule, rule
from cmdlint.ruleset import all_rules


@pytest.fixture
def registry() -> Iterator[dict[str, object]]:
    """The registry, restored after a test registers its own rules."""
    saved = dict(all_rules())
    yield RULES  # type: ignore[misc]
    RULES.clear()
    RULES.update(saved)


def test_every_rule_has_a_family_and_an_enum_scope() -> None:
    for item in all_rules().values():
        assert item.family and isinstance(item.scope, Scope), item.id
        assert item.check is not None or item.scope is Scope.EXTERNAL, item.id
    assert all_rules()["missing-prompt"].family == "prompts"
    assert all_rules()["asciidoc-include"].family == "asciidoc"


def test_family_expands_and_a_rule_id_wins_over_a_family() -> None:
    rules = all_rules()
    assert expand(["continuation"], rules) == {"backslash-space", "wrapped-line"}
    assert expand(["drift"], rules) == {"drift"}  # the rule, not its family
    assert expand(["split-"], rules) == {"split-substitution", "split-block"}
    with pytest.raises(UnknownRule, match="no-such-rule"):
        expand(["syntax", "no-such-rule"], rules)


def test_selection_of_families_and_unknown_names() -> None:
    chosen = Selection.of(select=["prompts"], ignore=["root-prompt"])
    assert chosen.enabled("missing-prompt") and not chosen.enabled("root-prompt")
    assert not chosen.enabled("syntax")
    with pytest.raises(UnknownRule):
        Selection.of(ignore=["flow-typo"])
    with pytest.raises(UnknownRule):
        Selection.of(severity={"nope": "info"})


def test_cli_refuses_unknown_and_accepts_families(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "a.md"
    page.write_text("```console\n$ ls -l |\n```\n", "utf-8")
    assert main(["--no-shellcheck", "--select", "nope", str(page)]) == 2
    assert "unknown rule(s) nope" in capsys.readouterr().err
    assert main(["--no-shellcheck", "--ignore", "syntax", str(page)]) == 0
    assert main(["--no-shellcheck", "--select", "syntax", str(page)]) == 1


def test_config_expands_families_and_refuses_unknown(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.cmdlint]\nignore = ["continuation"]\n', "utf-8")
    assert load_config(pyproject, all_rules()).ignore == {"backslash-space", "wrapped-line"}
    pyproject.write_text('[tool.cmdlint]\nselect = ["continuation", "typo"]\n', "utf-8")
    with pytest.raises(ConfigError, match=r"select: unknown rule\(s\) typo"):
        load_config(pyproject, all_rules())


def test_default_off_rule_runs_only_when_selected(registry: dict[str, object]) -> None:
    @rule("test-shouting", "warning", family="test", default=False)
    def shouting(analysis: Analysis, context: Context) -> Iterator[Hit]:
        """A block in capitals.

        Bad: ``LS``.  Good: ``ls``.
        """
        if analysis.block.text.isupper():
            yield Hit(analysis.block.line, 1, "shouting")

    block = Block("a.md", 3, ["LS -L"], "console")
    assert "test-shouting" not in {f.rule for f in lint_blocks([block], Context())}
    found = lint_blocks([block], Context(), Selection.of(select=["test"]))
    assert [(f.rule, f.line) for f in found] == [("test-shouting", 3)]


def test_block_rule_runs_only_where_it_applies(registry: dict[str, object]) -> None:
    seen: list[Category] = []

    @rule("test-data-only", "info", family="test", applies=["json", "yaml"])
    def data_only(analysis: Analysis, context: Context) -> Iterator[Hit]:
        """Counts the data blocks it is given.

        Bad: a JSON block.  Good: a shell block (never given).
        """
        seen.append(analysis.category)
        return iter(())

    blocks = [
        Block("a.md", 1, ["# ls"], "console"),
        Block("a.md", 5, ['{"a": 1}'], "json"),
        Block("a.md", 9, ["a: 1"], "yaml"),
        Block("a.md", 12, ["Some text."], "prose"),
    ]
    lint_blocks(blocks, Context(use_bash=False, use_shellcheck=False))
    assert sorted(seen) == [Category.JSON, Category.YAML]


def test_corpus_hit_keeps_its_block_for_suppressions(registry: dict[str, object]) -> None:
    @rule("test-corpus", "error", "corpus", family="test")
    def corpus(analyses: list[Analysis], context: Context) -> Iterator[Hit]:
        """Reports the second line of every block, naming the block.

        Bad: any block.  Good: none.
        """
        for analysis in analyses:
            yield Hit(analysis.block.line + 1, 1, "x", analysis.block.path, block=analysis.block)

    quiet = Block("a.md", 1, ["# ls", "# ls"], "console")
    quiet.suppress["test-corpus"] = "shown on purpose"
    loud = Block("b.md", 1, ["# ls", "# ls"], "console")
    found = lint_blocks(
        [quiet, loud],
        Context(use_bash=False, use_shellcheck=False),
        Selection.of(select=["test-corpus"]),
    )
    assert [(f.path, f.line) for f in found] == [("b.md", 2)]


def test_external_rules_are_known_and_refuse_a_second_owner(
    registry: dict[str, object],
) -> None:
    doc = "A host's check.\n\nBad: x.\nGood: y.\n"
    first = external_rule("test-host-check", "warning", doc, "host")
    assert external_rule("test-host-check", "warning", doc, "host") is first  # idempotent
    assert first.scope is Scope.EXTERNAL and first.severity is Severity.WARNING
    assert Selection.of(select=["host"]).select == {"test-host-check"}
    with pytest.raises(ValueError, match="twice"):
        external_rule("test-host-check", "error", doc, "another")
    with pytest.raises(ValueError, match="docstring"):
        external_rule("test-undocumented", "error", "", "host")


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_explain_prints_the_docstring(rule_id: str) -> None:
    text = explain(all_rules(), rule_id)
    assert text.startswith(f"{rule_id} (") and "Bad" in text and "Good" in text
    assert all_rules()[rule_id].summary in text


def test_explain_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--explain", "dot-source"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("dot-source (markers family, error)") and "Good::" in out
    assert main(["--explain", "continuation"]) == 0
    assert "backslash-space, wrapped-line" in capsys.readouterr().out
    assert main(["--explain", "nope"]) == 2
    assert "unknown rule 'nope'" in capsys.readouterr().err


def test_plain_text_lint_unchanged_by_prepare_hooks() -> None:
    text = "```console\n$ ls -l |\n```\n"
    assert [f.rule for f in lint_text(text, "a.md", Context(use_shellcheck=False))] == ["syntax"]


def test_checkers_are_a_service_in_the_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The syntax rule asks context.checkers; --no-cache is the service's switch, not a
    variable left in the process environment."""
    import os

    from cmdlint.oracle import Checkers, OracleResult

    class Recording(Checkers):
        def bash_syntax(self, snippets):  # type: ignore[no-untyped-def]
            asked.extend(snippets)
            return [OracleResult(0, 1, 0, "", "error", "told by the service")]

    asked: list[str] = []
    text = "```console\n$ ls -l |\n```\n"
    found = lint_text(text, "a.md", Context(use_shellcheck=False, checkers=Recording()))
    assert asked == ["ls -l |\n"]
    assert [f.message for f in found] == ["bash: told by the service"]
    monkeypatch.delenv("CMDLINT_NO_CACHE", raising=False)
    page = tmp_path / "a.md"
    page.write_text(text, "utf-8")
    assert main(["--no-shellcheck", "--no-cache", str(page)]) == 1
    assert "CMDLINT_NO_CACHE" not in os.environ


def test_rules_declare_the_blocks_they_apply_to() -> None:
    rules = all_rules()
    assert rules["option"].applies == {Category.SHELL}
    assert rules["literal-version"].applies == {Category.PROSE, Category.SHELL}
    assert rules["data-syntax"].applies is None  # it looks at every block itself
