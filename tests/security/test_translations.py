"""Translators cannot inject script: markup a msgid lacks is refused, chrome is escaped."""

from __future__ import annotations

import html
import io
import json
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from guidekit.files.conf import project_paths
from guidekit.l10n.catalogs import read_catalog
from guidekit.l10n.checks import check_markup
from guidekit.l10n.sphinx import theme
from guidekit.l10n.sphinx.hooks import _refuse_wrong_rendering
from guidekit.l10n.sphinx.workflow import Layout, check_catalogs
from guidekit.model.errors import GuideError, Kind

REPO = Path(__file__).resolve().parents[2]

HOSTILE = [
    "<script>alert(1)</script>を実行します。",
    '<img src=x onerror="alert(1)">を実行します。',
    "<svg/onload=alert(1)>を実行します。",
    "<!-- 隠す -->を実行します。",
    "[ここ](javascript:alert(1))を実行します。",
    "<javascript:alert(1)>を実行します。",
    "{raw}`html <b>x</b>` を実行します。",
    "```{raw} html\n<b>x</b>\n```",
    "<p>を実行します。</p>",
    "[a]: javascript:alert(1)\n実行します。",
]


def _po(tmp_path: Path, msgid: str, msgstr: str, name: str = "guides.po") -> Path:
    catalog = Catalog(locale="ja", domain="guides", fuzzy=False)
    catalog.add("Something else.", "別のもの。")
    catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def _line_of(path: Path, msgid: str) -> int:
    return path.read_text("utf-8").splitlines().index(f"msgid {json.dumps(msgid)}") + 1


@pytest.mark.parametrize("msgstr", HOSTILE)
def test_markup_a_msgid_lacks_is_refused_by_the_gate_and_the_build(
    tmp_path: Path, msgstr: str
) -> None:
    msgid = "Run the command."
    path = _po(tmp_path, msgid, msgstr)
    catalog = read_catalog(path, "ja")
    findings = check_markup(catalog, str(path))
    assert findings and findings[0].line == _line_of(path, msgid)
    with pytest.raises(GuideError) as info:
        _refuse_wrong_rendering(catalog, path)
    assert (info.value.path, info.value.line) == (path, _line_of(path, msgid))
    assert info.value.kind is Kind.TRANSLATION


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Press <kbd>Enter</kbd>.", "<kbd>Enter</kbd> を押します。"),
        ("See <https://access.redhat.com>.", "<https://access.redhat.com> を参照。"),
        ("Compare `a < b` and `<tag>`.", "`a < b` と `<tag>` を比べます。"),
    ],
)
def test_markup_the_msgid_has_may_stay(msgid: str, msgstr: str) -> None:
    catalog = Catalog(locale="ja")
    catalog.add(msgid, msgstr)
    assert check_markup(catalog, "guides.po") == []


def test_an_attribute_added_to_a_tag_the_msgid_has_is_refused() -> None:
    catalog = Catalog(locale="ja")
    catalog.add("Press <kbd>Enter</kbd>.", '<kbd onclick="alert(1)">Enter</kbd> を押します。')
    [finding] = check_markup(catalog, "guides.po")
    assert "HTML" in finding.message


@pytest.mark.parametrize("domain", ["guides", "sphinx", "guidekit"])
def test_the_gate_fails_on_a_hostile_translation_in_every_catalog(
    tmp_path: Path, domain: str
) -> None:
    shutil.copytree(REPO / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo"))
    (tmp_path / "conf.py").write_text('guidekit_languages = ["en", "ja"]\n', "utf-8")
    path = tmp_path / "locales" / "ja" / "LC_MESSAGES" / f"{domain}.po"
    lines = path.read_text("utf-8").splitlines()
    index = next(
        i
        for i, line in enumerate(lines)
        if line.startswith('msgstr "') and line != 'msgstr ""' and "<" not in line
    )
    lines[index] = lines[index].replace('msgstr "', 'msgstr "<img src=x onerror=alert(1)>', 1)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    findings, _stats, _notes = check_catalogs(Layout(project_paths(tmp_path)), ["ja"])
    hits = [f for f in findings if f.code == "markup" and f.path.endswith(f"{domain}.po")]
    assert [f.line for f in hits] == [index], hits


HOSTILE_CHROME = '"><script>alert(1)</script>'


def test_permalink_titles_that_sphinx_writes_raw_are_escaped() -> None:
    page = f'<h1>T<a class="headerlink" href="#t" title="{HOSTILE_CHROME}">¶</a></h1>'
    translated = theme.escape_permalink_titles(page, lambda text: HOSTILE_CHROME)
    assert "<script>" not in translated
    assert f'title="{html.escape(HOSTILE_CHROME)}"' in translated


def test_search_messages_and_copy_button_texts_are_escaped() -> None:
    script = theme.translations_js(
        {}, {"Hide Search Matches": HOSTILE_CHROME, "Search finished": [HOSTILE_CHROME]}, "ja"
    )
    assert "<script>" not in script and "&lt;script&gt;" in script


class _App:
    class builder:
        format = "html"

    class config:
        language = "ja"

    def __init__(self) -> None:
        self.extensions = {"sphinx_copybutton": None}
        self.bodies: list[str] = []

    def add_js_file(self, name: object, body: str, priority: int) -> None:
        self.bodies.append(body)


def test_site_title_copyright_and_copy_button_are_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(theme, "_translator", lambda app: (lambda text: HOSTILE_CHROME, None))
    app = _App()
    context = {"docstitle": "Guides", "copyright": "2026"}
    theme._page_context(app, "index", "page.html", context, None)  # type: ignore[arg-type]
    for key in ("docstitle", "copyright"):
        assert "<script>" not in str(context[key])
        assert html.unescape(str(context[key])) == HOSTILE_CHROME
    theme._copybutton_texts(app)  # type: ignore[arg-type]
    assert "<script>" not in app.bodies[0] and '\\"' not in app.bodies[0]
    assert "&quot;&gt;" in app.bodies[0]


@pytest.mark.parametrize("code", ["jp", "../../zz", "en"])
def test_i18n_refuses_a_language_that_is_not_translated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    from guidekit.cli import main

    (tmp_path / "conf.py").write_text('guidekit_languages = ["en", "ja"]\n', "utf-8")
    assert main(["i18n", "--root", str(tmp_path), "--language", code, "update"]) == 2
    err = capsys.readouterr().err
    assert f"unknown language {code!r}" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["conf.py"]  # nothing created
