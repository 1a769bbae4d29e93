"""AsciiDoc input: blocks, substitutions, attributes, includes, conditionals, and the
corpus (no error on correct docs) and defects (every one reported, at its file and line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cmdlint.asciidoc import DocumentSet, parse_attrlist, read_asciidoc
from cmdlint.asciidoc_subs import apply_quotes, resolve_subs, strip_callouts
from cmdlint.cli import main
from cmdlint.engine import lint_texts
from cmdlint.model import Finding, Severity
from cmdlint.registry import Context

FIXTURES = Path(__file__).parent / "fixtures" / "asciidoc"


def files(folder: Path) -> dict[str, str]:
    return {str(p): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.adoc"))}


def lint(texts: dict[str, str], **context: object) -> list[Finding]:
    return lint_texts(texts, Context(use_shellcheck=False, **context))  # type: ignore[arg-type]


def listing_blocks(texts: dict[str, str]) -> int:
    blocks, _ = read_asciidoc(texts, Context())
    return len({(b.path, b.line) for b in blocks if b.kind != "prose"})


def test_correct_corpus_has_no_finding() -> None:
    texts = files(FIXTURES / "corpus")
    blocks = listing_blocks(texts)
    findings = lint_texts(texts, Context())
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert blocks >= 100
    assert len(errors) * 100 <= blocks  # the goal: at most 1 error per 100 listing blocks
    assert findings == []  # and on our own corpus: none at all


def test_every_defect_is_reported_at_its_file_and_line() -> None:
    folder = FIXTURES / "defects"
    findings = lint_texts(files(folder), Context())
    found = {(f.path, f.line, f.rule) for f in findings}
    for name, text, rule in yaml.safe_load((folder / "expected.yaml").read_text()):
        path = folder / name
        line = path.read_text(encoding="utf-8").split("\n").index(text) + 1
        assert (str(path), line, rule) in found, (name, text, rule)


def test_cli_reads_adoc_folders_and_names_the_adoc_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main([str(FIXTURES / "defects"), "--format", "json", "--no-shellcheck"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report and all(str(f["path"]).endswith(".adoc") for f in report)


def test_subs_values() -> None:
    assert resolve_subs(None) == {"specialcharacters", "callouts"}
    assert "attributes" in resolve_subs("normal") and "quotes" in resolve_subs("normal")
    assert resolve_subs("+quotes") == {"specialcharacters", "callouts", "quotes"}
    assert resolve_subs("attributes+") >= {"attributes", "callouts"}
    assert resolve_subs("quotes") == {"quotes"}
    assert resolve_subs("-callouts") == {"specialcharacters"}


def test_block_attribute_lines() -> None:
    attrs = parse_attrlist('options="nowrap" subs="normal"')
    assert attrs.style == "" and attrs.named == {"options": "nowrap", "subs": "normal"}
    attrs = parse_attrlist('source,terminal,subs="+quotes"')
    assert (attrs.style, attrs.language, attrs.named["subs"]) == ("source", "terminal", "+quotes")
    assert parse_attrlist("source%nowrap,bash").style == "source"


def test_quote_markup_and_callouts() -> None:
    assert apply_quotes("# mount /dev/_sdX1_ /data") == "# mount /dev/<sdX1> /data"
    assert apply_quotes("# *engine-setup* --offline") == "# engine-setup --offline"
    assert apply_quotes("# grep x /var/log/+*+") == "# grep x /var/log/*"
    assert apply_quotes("# cp ovirt_engine_history a_b") == "# cp ovirt_engine_history a_b"
    assert apply_quotes("ls *.conf *.repo") == "ls *.conf *.repo"
    # an escaped mark loses its backslash, as Asciidoctor renders it
    assert apply_quotes(r"yum update ovirt\*setup\*") == r"yum update ovirt*setup\*"
    assert strip_callouts("# engine-setup --offline \\ <1>") == "# engine-setup --offline \\"
    assert strip_callouts("# systemctl restart httpd // <2> <3>") == "# systemctl restart httpd"
    assert strip_callouts("# engine-setup <1> --offline") == "# engine-setup <1> --offline"


def test_callout_after_continuation_keeps_the_command_whole() -> None:
    text = "----\n# engine-backup --mode=backup \\ <1>\n  --file=backup.bck <2>\n----\n"
    assert lint({"a.adoc": text}) == []


def test_attribute_sources(tmp_path: Path) -> None:
    """In the document, in an included file, in an attributes file, in the config."""
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "attrs.adoc").write_text(":engine-service: ovirt-engine\n")
    (tmp_path / "extra.adoc").write_text(":dwh-service: ovirt-engine-dwhd\n")
    book = tmp_path / "book.adoc"
    book.write_text(
        "include::common/attrs.adoc[]\n:pg: postgresql\n\n[subs=attributes+]\n----\n"
        "# systemctl restart {engine-service} {dwh-service} {pg} {proxy}\n----\n"
    )
    texts = {str(book): book.read_text()}
    findings = lint(
        texts, attributes={"proxy": "httpd"}, attribute_files=(str(tmp_path / "extra.adoc"),)
    )
    assert findings == []
    without = lint(texts)
    assert {(f.rule, f.line) for f in without} == {
        ("asciidoc-attribute", 6),
    } and len(without) == 2  # dwh-service and proxy, each once


def test_undefined_attribute_is_reported_once(tmp_path: Path) -> None:
    texts = {
        str(tmp_path / "a.adoc"): "The {product} runs.\n\n[subs=normal]\n----\n"
        "# ls {product}\n----\n",
        str(tmp_path / "b.adoc"): "More {product}.\n",
    }
    findings = [f for f in lint(texts) if f.rule == "asciidoc-attribute"]
    assert [(Path(f.path).name, f.line, f.severity) for f in findings] == [
        ("a.adoc", 1, Severity.WARNING)
    ]


def test_include_relative_to_the_including_file(tmp_path: Path) -> None:
    (tmp_path / "assemblies").mkdir()
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "proc.adoc").write_text(
        "----\n# hosted-engine --set-maintenance --mode=globl\n----\n"
    )
    (tmp_path / "assemblies" / "asm.adoc").write_text("include::../modules/proc.adoc[]\n")
    book = tmp_path / "book.adoc"
    book.write_text("include::assemblies/asm.adoc[leveloffset=+1]\n")
    findings = lint({str(book): book.read_text()})
    assert [(Path(f.path).name, f.line, f.rule) for f in findings] == [("proc.adoc", 2, "option")]


def test_conditionals_inside_a_block_are_linted_per_branch() -> None:
    text = (
        "----\n# engine-setup \\\nifdef::offline[]\n  --offline\nendif::offline[]\n"
        "ifndef::offline[]\n  --accept-defaults\nendif::offline[]\n----\n"
    )
    assert lint({"a.adoc": text}) == []  # as written, each branch continues the command
    broken = text.replace("--accept-defaults", "--acept-defaults")
    assert [(f.line, f.rule) for f in lint({"a.adoc": broken})] == [(7, "option")]


def test_blocks_of_every_kind_are_found() -> None:
    text = (
        "[source,bash]\n----\nls /etc\n----\n\n....\n# ls /tmp\n....\n\n"
        "[source,terminal]\n# ls /var\n\n  # ls /srv\n\n[source,python]\n----\nprint(1)\n----\n"
        "////\n----\n# not a block\n----\n////\n"
    )
    documents = DocumentSet({"a.adoc": text})
    code = [b for b in documents.blocks("a.adoc") if b.kind != "prose"]
    assert [(b.line, b.lines) for b in code] == [
        (3, ["ls /etc"]),
        (7, ["# ls /tmp"]),
        (11, ["# ls /var"]),
        (13, ["# ls /srv"]),
    ]


def test_indented_list_items_are_no_literal_blocks() -> None:
    text = "Steps:\n\n  * Stop the engine\n  . Start it\n\n  Term:: a definition\n"
    documents = DocumentSet({"a.adoc": text})
    assert [b for b in documents.blocks("a.adoc") if b.kind != "prose"] == []


def test_suppression_comment_before_a_block() -> None:
    text = (
        "// cmdlint: disable=option -- the option is new in 4.4.9\n[source,terminal]\n----\n"
        "# hosted-engine --set-maintenance --mode=globl\n----\n"
    )
    assert lint({"a.adoc": text}) == []
