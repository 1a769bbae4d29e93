"""Translation workflow and gate: unit tests of the core, and faults the gate must catch."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from guidekit.l10n.catalogs import (
    catalog_stats,
    code_only,
    entries,
    fill_mechanical,
    read_catalog,
    substitute_versions,
    update_catalog,
)
from guidekit.l10n.checks import (
    Glossary,
    Term,
    check_complete,
    check_glossary,
    check_markup,
    check_msgfmt,
    check_variants,
    load_glossary,
)
from guidekit.l10n.html import compare_page
from guidekit.model.errors import GuideError

REPO = Path(__file__).resolve().parents[2]


def catalog(*pairs: tuple[str, str], fuzzy: tuple[str, ...] = ()) -> Catalog:
    result = Catalog(locale="ja", domain="guides", fuzzy=False)
    for msgid, msgstr in pairs:
        result.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    return result


def reparsed(cat: Catalog, tmp_path: Path) -> tuple[Catalog, Path]:
    """Write and read back, so entries carry their line numbers in the file."""
    path = tmp_path / "guides.po"
    buffer = io.BytesIO()
    write_po(buffer, cat, width=0)
    path.write_bytes(buffer.getvalue())
    return read_catalog(path, "ja"), path


# -- filling mechanical entries ------------------------------------------------------


def test_code_only_messages_are_their_own_translation() -> None:
    assert code_only("`rhel-8-for-x86_64-baseos-eus-rpms`")
    assert code_only("`a`, `b`")
    assert not code_only("Run `engine-setup`.")
    assert not code_only("Plain text")


def test_version_variants_reuse_the_translation() -> None:
    got = substitute_versions(
        "Upgrade from 4.3 to 4.4", "4.3 から 4.4 へアップグレードします", "Upgrade from 4.2 to 4.3"
    )
    assert got == "4.2 から 4.3 へアップグレードします"
    # Different wording, or a translation that lost a version: no reuse.
    assert substitute_versions("Upgrade from 4.3 to 4.4", "x", "Update from 4.2 to 4.3") is None
    assert substitute_versions("Use 4.3 and 4.4", "4.4 を使用", "Use 4.2 and 4.3") is None
    # One old version cannot become two new ones.
    assert substitute_versions("4.3 or 4.3", "4.3 / 4.3", "4.2 or 4.4") is None


def test_fill_mechanical_fills_only_what_needs_no_translator() -> None:
    cat = catalog(
        ("Upgrade from 4.3 to 4.4", "4.3 から 4.4 へのアップグレード"),
        ("Upgrade from 4.2 to 4.3", ""),
        ("`rhel-7-server-rpms`", ""),
        ("Something new", ""),
    )
    assert sorted(fill_mechanical(cat)) == ["Upgrade from 4.2 to 4.3", "`rhel-7-server-rpms`"]
    assert cat["Upgrade from 4.2 to 4.3"].string == "4.2 から 4.3 へのアップグレード"
    assert cat["Something new"].string == ""


def test_update_marks_changed_messages_fuzzy_and_drops_removed_ones() -> None:
    existing = catalog(
        ("Put the environment into global maintenance mode.", "訳"), ("A removed sentence.", "削除")
    )
    template = Catalog(domain="guides")
    template.add("Put the environment into global maintenance mode now.")
    template.add("`rhv-4.4-manager-for-rhel-8-x86_64-rpms`")
    updated = update_catalog(template, existing, "ja")
    ids = [m.id for m in updated if m.id]
    assert "A removed sentence." not in ids and not updated.obsolete
    assert updated["Put the environment into global maintenance mode now."].fuzzy
    stats = catalog_stats(updated, "x.po")
    assert (stats.total, stats.translated, stats.fuzzy, stats.untranslated) == (2, 1, 1, 0)


# -- the gate's catalog checks --------------------------------------------------------


def test_fuzzy_and_untranslated_entries_are_reported_with_their_line(tmp_path: Path) -> None:
    cat, path = reparsed(
        catalog(("One.", "一。"), ("Two.", "二。"), ("Three.", ""), fuzzy=("Two.",)), tmp_path
    )
    findings = check_complete(cat, "guides.po")
    assert [(f.code, f.line) for f in findings] == [
        ("fuzzy", _line_of(path, 'msgid "Two."')),
        ("untranslated", _line_of(path, 'msgid "Three."')),
    ]
    assert str(findings[0]).startswith(f"guides.po:{findings[0].line}: error: fuzzy entry")


def _line_of(path: Path, text: str) -> int:
    return path.read_text("utf-8").splitlines().index(text) + 1


@pytest.mark.parametrize(
    ("msgid", "msgstr", "kind"),
    [
        ("Run `engine-setup`.", "`engine-setup --offline` を実行します。", "inline code"),
        ("Run `engine-setup`.", "engine-setup を実行します。", "inline code"),
        ("See {procref}`global-maintenance`.", "{procref}`update-manager` を参照。", "role"),
        (
            "See [the guide](https://a.example/x).",
            "[ガイド](https://b.example/x) を参照。",
            "link target",
        ),
        ("Set {{ value }} here.", "ここで設定します。", "variable"),
        ("Upgrade to 4.4.", "4.3 にアップグレードします。", "version"),
        ("**Important**: read this.", "**重要: これを読みます。", "bold"),
    ],
)
def test_markup_differences_are_reported(msgid: str, msgstr: str, kind: str) -> None:
    findings = check_markup(catalog((msgid, msgstr)), "guides.po")
    assert findings and all(f.code == "markup" for f in findings)
    assert kind in findings[0].message or (kind == "bold" and "unbalanced" in findings[0].message)


def test_faithful_markup_passes() -> None:
    cat = catalog(
        (
            "Run `engine-setup` on {procref}`update-manager` ([docs](https://x.example)).",
            "{procref}`update-manager` で `engine-setup` を実行します ([資料](https://x.example))。",
        ),
        ("**Important**: upgrade to 4.4.", "**重要**: 4.4 にアップグレードします。"),
    )
    assert check_markup(cat, "guides.po") == []


def test_version_variants_must_stay_translated_alike(tmp_path: Path) -> None:
    cat, path = reparsed(
        catalog(
            ("Upgrade to 4.3 first.", "最初に 4.3 にアップグレードします。"),
            ("Upgrade to 4.4 first.", "まず 4.4 にアップグレードする。"),
            ("Upgrade to 4.2 first.", "最初に 4.2 にアップグレードします。"),
        ),
        tmp_path,
    )
    findings = check_variants(cat, "guides.po")
    assert [(f.code, f.line) for f in findings] == [
        ("variant", _line_of(path, 'msgid "Upgrade to 4.4 first."'))
    ]
    assert "最初に 4.4 にアップグレードします。" in findings[0].message


GLOSSARY = Glossary(
    "glossary.yaml",
    (
        Term("cluster", "クラスター", ("クラスタ(?!ー)",)),
        Term("host", "ホスト"),
        Term("Red Hat Virtualization Host", "Red Hat Virtualization Host"),
        Term("Manager", "Manager"),
    ),
)


def test_glossary_terms_and_forbidden_spellings() -> None:
    cat = catalog(
        ("Update the cluster.", "クラスタを更新します。"),
        ("Update the host.", "ノードを更新します。"),
        (
            "Install Red Hat Virtualization Host.",
            "Red Hat Virtualization Host をインストールします。",
        ),
        ("Use the upgrade manager.", "アップグレード機能を使用します。"),
        ("Update the clusters.", "クラスターを更新します。"),
    )
    findings = check_glossary(cat, "guides.po", GLOSSARY)
    assert sorted((f.code, f.message.split()[0]) for f in findings) == [
        ("forbidden", "'クラスタ'"),
        ("glossary", "'cluster'"),
        ("glossary", "'host'"),
    ]


def test_project_glossary_style_rules_and_terms() -> None:
    """The project's glossary: one citation style, サスペンド中, one "Optional"."""
    glossary = load_glossary(REPO / "locales" / "ja" / "glossary.yaml")
    cat = catalog(
        ("See *Requirements* in the *Planning Guide*.", "*計画ガイド* の「*要件*」を参照。"),
        (
            "See *Requirements* in the {document}`planning`!",
            "『{document}`planning`』の「*要件*」を参照。",
        ),
        (
            "See *Requirements* in the {document}`planning`.",
            "『{document}`planning`』 の 「*要件*」を参照。",
        ),
        ("See *Requirements* in the *Planning Guide*?", "『*計画ガイド*』の「*要件*」を参照。"),
        ("Restart suspended virtual machines.", "一時停止中の仮想マシンを再起動します。"),
        ("Restart suspended virtual machines!", "サスペンド中の仮想マシンを再起動します。"),
        ("Optional: read the report.", "(オプション) レポートを読みます。"),
        ("Optional: read the report!", "オプション: レポートを読みます。"),
        ("Read **this** first.", "**これ** を最初に読みます。"),
    )
    findings = [(f.code, f.message) for f in check_glossary(cat, "guides.po", glossary)]
    codes = sorted(code for code, _message in findings)
    assert codes == ["forbidden", "forbidden", "glossary", "style", "style", "style"], findings
    styles = [message for code, message in findings if code == "style"]
    assert any("『*title*』" in message for message in styles)
    # Guides are cited with {document}, which links them; no blank beside 』 and 「.
    assert any("{document}" in message for message in styles)
    assert any("no blank" in message for message in styles)


def test_project_glossary_loads_and_broken_glossary_names_the_line(tmp_path: Path) -> None:
    glossary = load_glossary(REPO / "locales" / "ja" / "glossary.yaml")
    assert any(
        t.source == "self-hosted engine" and t.target == "セルフホストエンジン"
        for t in glossary.terms
    )
    broken = tmp_path / "ja" / "glossary.yaml"  # the language folder names the target
    broken.parent.mkdir()
    broken.write_text("terms:\n  - en: cluster\n    ja: クラスター\n  - en: host\n", "utf-8")
    with pytest.raises(GuideError) as info:
        load_glossary(broken)
    assert info.value.line == 4


def test_broken_po_is_a_clear_error_with_a_line(tmp_path: Path) -> None:
    path = tmp_path / "guides.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', "utf-8")
    with pytest.raises(GuideError) as info:
        read_catalog(path)
    assert info.value.path == path and info.value.line is not None
    path.write_bytes(b'msgid "a"\nmsgstr "\xff"\n')
    with pytest.raises(GuideError) as info:
        read_catalog(path)
    assert "UTF-8" in info.value.message and info.value.line == 2


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_msgfmt_check_findings_carry_the_line(tmp_path: Path) -> None:
    path = tmp_path / "guides.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, python-format\nmsgid "%(n)s hosts"\nmsgstr "%(m)s ホスト"\n',
        "utf-8",
    )
    findings = [f for f in check_msgfmt(path) if "header" not in f.message]
    assert findings and findings[0].line in (7, 8)


# -- the gate's HTML comparison -------------------------------------------------------

PAGE = (
    '<html lang="{lang}"><body><article><p>{text}</p>'
    '<div class="highlight"><pre>{code}</pre></div></article></body></html>'
)


def test_html_comparison_catches_translated_commands_and_stray_markup() -> None:
    en = PAGE.format(lang="en", text="Run it.", code="# engine-setup")
    good = PAGE.format(lang="ja", text="実行します。", code="# engine-setup")
    assert compare_page("p.html", en, good, "ja", GLOSSARY) == []
    bad = PAGE.format(lang="en", text="**重要**:実行 クラスタ", code="# エンジンセットアップ")
    codes = sorted(f.code for f in compare_page("p.html", en, bad, "ja", GLOSSARY))
    assert codes == ["command", "forbidden", "lang", "markup"]


def test_html_comparison_reads_the_article_or_else_the_whole_page() -> None:
    """Only the article is compared (the theme's navigation around it repeats other
    pages' titles); a page without one, as the basic theme makes it, is read whole."""
    nav = '<nav><a href="x.html">**Other page** as a translator left it</a></nav>'
    en = PAGE.format(lang="en", text="Run it.", code="# engine-setup")
    good = PAGE.format(lang="ja", text="実行します。", code="# engine-setup")
    assert compare_page("p.html", en, good.replace("<body>", "<body>" + nav), "ja", None) == []
    basic_en, basic_ja = (
        page.replace("<article>", '<div class="body">').replace("</article>", "</div>")
        for page in (en, good.replace("# engine-setup", "# エンジン"))
    )
    codes = [f.code for f in compare_page("p.html", basic_en, basic_ja, "ja", None)]
    assert codes == ["command"]


# -- the gate end to end, on a copy of the real catalogs with one fault each --------


def _gate(
    root: Path, capsys: pytest.CaptureFixture[str], stale: bool = False
) -> subprocess.CompletedProcess[str]:
    """``guidekit i18n check`` (``--skip-stale`` unless ``stale``), in this process:
    the gate reads the catalogs and runs msgfmt (and, for the stale check, Sphinx's
    gettext builder, which the command runs in its own process too), so a child
    process would only add its start-up."""
    from guidekit.cli import main

    capsys.readouterr()
    args = ["i18n", "--root", str(root), "check", *([] if stale else ["--skip-stale"])]
    code = main(args)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)


@pytest.fixture
def locales_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo"))
    (tmp_path / "conf.py").write_text('guidekit_languages = ["en", "ja"]\n', "utf-8")
    return tmp_path


def _break(root: Path, fault: str) -> tuple[Path, int]:
    """Introduce one fault into the first real translated prose entry."""
    path = root / "locales" / "ja" / "LC_MESSAGES" / "guides.po"
    lines = path.read_text("utf-8").splitlines()
    for index, line in enumerate(lines):
        if (
            line.startswith('msgid "')
            and "`" in line
            and line != 'msgid ""'
            and lines[index + 1] != 'msgstr ""'
            and not line[7:].startswith("`")
        ):
            if fault == "fuzzy":
                lines.insert(index, "#, fuzzy")
                line_no = index + 2
            else:
                msgstr = lines[index + 1]
                lines[index + 1] = (
                    msgstr.replace("`", "", 2) if fault == "code" else msgstr.replace("`", "**", 1)
                )
                line_no = index + 1
            path.write_text("\n".join(lines) + "\n", "utf-8")
            return path, line_no
    raise AssertionError("no translated entry with inline code")


@pytest.mark.parametrize("fault", ["fuzzy", "code", "markup"])
def test_gate_fails_on_a_deliberate_fault_naming_catalog_and_line(
    locales_copy: Path, fault: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _gate(locales_copy, capsys)
    _path, line = _break(locales_copy, fault)
    after = _gate(locales_copy, capsys)
    assert after.returncode == 1
    new = set(after.stdout.splitlines()) - set(before.stdout.splitlines())
    assert any(f"locales/ja/LC_MESSAGES/guides.po:{line}: error:" in n for n in new), after.stdout
    assert "Traceback" not in after.stderr


def test_gate_reports_a_broken_catalog_without_traceback(
    locales_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = locales_copy / "locales" / "ja" / "LC_MESSAGES" / "guidekit.po"
    path.write_text(path.read_text("utf-8") + '\nmsgid "dangling\n', "utf-8")
    result = _gate(locales_copy, capsys)
    assert result.returncode == 2
    assert "locales/ja/LC_MESSAGES/guidekit.po:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_gate_finds_catalogs_that_lag_behind_the_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Changing an English sentence without updating the catalogs fails the gate."""
    for name in ("conf.py",):
        shutil.copy(REPO / name, tmp_path / name)
    for name in ("source", "procedures", "locales"):
        shutil.copytree(
            REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("guides", "*.mo", "_build")
        )
    assert "stale" not in _gate(tmp_path, capsys, stale=True).stdout
    procedure = tmp_path / "procedures" / "global-maintenance.md"
    text = procedure.read_text("utf-8")
    procedure.write_text(
        text.replace("global maintenance mode", "global-maintenance mode", 1), "utf-8"
    )
    result = _gate(tmp_path, capsys, stale=True)
    assert result.returncode == 1
    assert "locales/ja/LC_MESSAGES/guides.po:1: error: catalog is not up to date" in result.stdout


def test_languages_are_named_in_themselves_and_glossaries_in_any_language(tmp_path: Path) -> None:
    from guidekit.l10n.messages import language_name

    assert [language_name(c) for c in ("en", "ja", "de", "pt-BR", "xx")] == [
        "English",
        "日本語",
        "Deutsch",
        "português (Brasil)",
        "xx",
    ]
    glossary = tmp_path / "de" / "glossary.yaml"
    glossary.parent.mkdir()
    glossary.write_text("terms:\n  - {en: shop, de: Shop, forbidden: [Laden]}\n")
    (term,) = load_glossary(glossary).terms
    assert (term.source, term.target) == ("shop", "Shop")
    with pytest.raises(GuideError, match="'ja' is a required property"):
        load_glossary(glossary, target="ja")


def test_a_date_header_broken_over_lines_is_one_catalog_error(tmp_path: Path) -> None:
    """Found by the catalog fuzzer: Babel raised AttributeError on such a header."""
    from guidekit.l10n.catalogs import read_catalog
    from guidekit.model.errors import GuideError, Kind

    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"PO-Revision-Date: 2026-12-05 17:38+0000\\n"\n'
        '"    <a href=\\"x\\">x</a>\\n"\n"Language: ja\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        "utf-8",
    )
    with pytest.raises(GuideError) as caught:
        read_catalog(po, "ja")
    assert caught.value.kind == Kind.CATALOG and caught.value.line == 3


def test_a_moved_source_file_or_another_order_leaves_a_catalog_up_to_date() -> None:
    """A project's catalog of guidekit's own messages names guidekit's source files:
    an engine whose modules moved must not make every project's gate fail."""
    first, moved = Catalog(locale="de"), Catalog(locale="de")
    first.add("Next", "Weiter", locations=[("guidekit/sphinx_ext/assembly.py", None)])
    first.add("Optional", "Optional", locations=[("guidekit/checklist/core.py", None)])
    moved.add("Optional", "Optional", locations=[("guidekit/checklist/render.py", None)])
    moved.add("Next", "Weiter", locations=[("guidekit/sphinx_ext/assembly/base.py", None)])
    assert entries(first) == entries(moved)
    moved["Next"].string = "Nächster"  # what a catalog says still counts
    assert entries(first) != entries(moved)
