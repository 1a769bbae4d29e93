"""Contract tests of guidekit.compat: the upstream shapes each patch relies on,
checked against the installed versions, and each patch exercised (no browser,
no full build). A failure names the upstream and what changed."""

from __future__ import annotations

import json
import logging as std_logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from guidekit.compat import Tested, UpstreamChanged, copybutton, furo, myst, sphinx, sphinx_tabs
from guidekit.compat.guards import UPSTREAMS, untested_upstreams


@pytest.mark.parametrize(
    "check", [check for _, check in UPSTREAMS], ids=[tested.distribution for tested, _ in UPSTREAMS]
)
def test_the_upstream_shape_fits(check: Callable[[], None]) -> None:
    check()


@pytest.mark.parametrize(
    "tested",
    [tested for tested, _ in UPSTREAMS],
    ids=[tested.distribution for tested, _ in UPSTREAMS],
)
def test_the_installed_version_is_a_tested_one(tested: Tested) -> None:
    """constraints.txt pins versions inside every module's tested range."""
    assert tested.fits(), f"{tested.distribution} {tested.installed()} not in {tested.range}"
    pins = (Path(__file__).parents[2] / "constraints.txt").read_text(encoding="utf-8")
    pinned = dict(
        line.split("==") for line in pins.splitlines() if "==" in line and not line.startswith("#")
    )
    assert pinned[tested.distribution] == tested.installed()


def test_a_changed_upstream_is_one_message_naming_it() -> None:
    tested = Tested("furo", "1.0", "2.0", "furo")
    with pytest.raises(UpstreamChanged) as raised:
        tested.require(False, "page.html has no 'Menu'")
    message = str(raised.value)
    assert message.startswith("furo ") and "page.html has no 'Menu'" in message
    assert ">=1.0,<2.0" in message and "guidekit/compat/furo.py" in message
    assert not tested.fits()


def test_the_guard_is_quiet_for_tested_versions() -> None:
    assert untested_upstreams() == []


# --- Sphinx ---------------------------------------------------------------------------


def test_a_file_only_location_keeps_its_name(
    make_app: Callable[..., Any], basic_root: Path
) -> None:
    """Sphinx appends the source suffix to a location without ':'; FileOnly keeps it."""
    from io import StringIO

    from sphinx.util import logging

    warning = StringIO()
    app = make_app("html", srcdir=basic_root, warning=warning)
    logging.getLogger("guidekit.test").warning(
        "plain", location=sphinx.file_location("versions.yaml", None)
    )
    logging.getLogger("guidekit.test").warning(
        "lined", location=sphinx.file_location("versions.yaml", 3)
    )
    shown = warning.getvalue()
    assert "versions.yaml: WARNING: plain" in shown
    assert "versions.yaml:3: WARNING: lined" in shown
    assert "versions.yaml.md" not in shown
    assert app is not None


def test_a_stopped_builder_builds_nothing(make_app: Callable[..., Any], basic_root: Path) -> None:
    app = make_app("html", srcdir=basic_root)
    said: list[str] = []
    sphinx.stop_builder(app.builder, lambda: said.append("nothing"))
    app.build()
    assert said == ["nothing"]
    assert not (Path(app.outdir) / "index.html").exists()


def test_a_listener_is_dropped_by_name(make_app: Callable[..., Any], basic_root: Path) -> None:
    app = make_app("html", srcdir=basic_root)
    called: list[str] = []

    def marker(app: Any, exception: Any) -> None:
        called.append("ran")

    app.connect("build-finished", marker)
    assert sphinx.drop_listener(app, "build-finished", __name__, "marker")
    assert not sphinx.drop_listener(app, "build-finished", __name__, "marker")
    app.events.emit("build-finished", None)
    assert called == []


def test_compiled_templates_are_kept_and_read_again(
    make_app: Callable[..., Any], basic_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    compiled: list[str | None] = []
    compile_source = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, name: str | None = None, *a: Any) -> Any:
        compiled.append(name)
        return compile_source(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    kept = basic_root / "kept"

    def build() -> list[str | None]:
        compiled.clear()
        app = make_app("html", srcdir=basic_root, freshenv=True)
        assert sphinx.keep_compiled_templates(app.builder, kept)
        app.build(force_all=True)
        return [name for name in compiled if name]

    cold = build()
    assert "page.html" in cold and list(kept.glob("*/__jinja2_*.cache"))
    assert build() == []  # every template read compiled


def test_other_template_settings_keep_their_own_folder() -> None:
    from jinja2.sandbox import SandboxedEnvironment

    plain = sphinx.template_signature(SandboxedEnvironment())
    assert plain == sphinx.template_signature(SandboxedEnvironment())
    assert plain != sphinx.template_signature(SandboxedEnvironment(extensions=["jinja2.ext.i18n"]))
    assert plain != sphinx.template_signature(SandboxedEnvironment(autoescape=True))


def test_a_builder_without_templates_keeps_nothing(tmp_path: Path) -> None:
    assert not sphinx.keep_compiled_templates(object(), tmp_path)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


# --- Furo -----------------------------------------------------------------------------


def test_furo_listener_is_found_and_dropped(make_app: Callable[..., Any], basic_root: Path) -> None:
    app = make_app("html", srcdir=basic_root, confoverrides={"html_theme": "furo"})
    names = [
        (lr.handler.__module__, lr.handler.__name__)
        for lr in app.events.listeners["build-finished"]
    ]
    assert furo.PYGMENTS_HANDLER in names
    furo.skip_pygments_css(app)
    names = [
        (lr.handler.__module__, lr.handler.__name__)
        for lr in app.events.listeners["build-finished"]
    ]
    assert furo.PYGMENTS_HANDLER not in names


def test_furo_strings_are_translated_in_a_rendered_page() -> None:
    page = (
        '<input aria-label="Toggle site navigation sidebar"><svg><title>Menu</title>'
        '</svg><label aria-label="Toggle navigation of A &amp; B"></label>'
    )
    table = {
        "Toggle site navigation sidebar": "サイド<バー>",
        "Menu": "メニュー",
        furo.FURO_TOGGLE: "%(title)s のナビゲーション",
    }
    out = furo.translate_markup(page, lambda text: table.get(text, text))
    assert 'aria-label="サイド&lt;バー&gt;"' in out
    assert "<title>メニュー</title>" in out
    assert 'aria-label="A &amp; B のナビゲーション"' in out


def test_furo_asides_are_named_in_a_rendered_page() -> None:
    page = (
        '<aside class="sidebar-drawer"><nav>x</nav></aside>'
        '<aside class="toc-drawer no-toc"></aside><aside class="announcement-content">'
    )
    table = {"Navigation": "ナビ<ゲーション>", "On this page": "このページの内容"}
    out = furo.name_asides(page, lambda text: table.get(text, text))
    assert '<aside class="sidebar-drawer" aria-label="ナビ&lt;ゲーション&gt;">' in out
    assert '<aside class="toc-drawer no-toc" aria-label="このページの内容">' in out
    assert '<aside class="announcement-content">' in out
    assert furo.name_asides(out, lambda text: text) == out  # named once


# --- sphinx-copybutton ------------------------------------------------------------------


def test_copybutton_script_sets_its_globals() -> None:
    texts = {
        "copy": "コピー",
        "copy_to_clipboard": "<b>x</b>",
        "copy_success": "済",
        "copy_failure": "失敗",
    }
    script = copybutton.texts_script(texts)
    assert "</" not in script.replace("'</title>'", "")  # no text can end the <script>
    for name in ("messages[lang]", "locale = lang", "iconCopy", "iconCheck"):
        assert name in script
    start = script.index("}(") + 2
    args = json.loads("[" + script[start : script.rindex("));")] + "]")
    assert args[0] == texts
    assert args[1]["copy_to_clipboard"] == "&lt;b&gt;x&lt;/b&gt;"
    assert args[2] == copybutton.COPYBUTTON


# --- MyST -----------------------------------------------------------------------------


def test_myst_message_parsing_is_scoped_and_restored() -> None:
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_

    before = (base.make_document, sphinx_.create_md_parser)
    restore = myst.cheap_message_parsing()
    try:
        assert isinstance(sphinx_.create_md_parser, myst.ParserCache)
        assert base.make_document is myst.make_document
        inner = myst.cheap_message_parsing()  # nested: nothing more installed
        inner()
        assert isinstance(sphinx_.create_md_parser, myst.ParserCache)
    finally:
        restore()
    assert (base.make_document, sphinx_.create_md_parser) == before


def test_myst_parser_cache_reuses_an_idle_parser_only() -> None:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer
    from myst_parser.parsers.mdit import create_md_parser

    cache = myst.ParserCache(create_md_parser)
    config = MdParserConfig()
    first = cache(config, DocutilsRenderer)
    assert cache(config, DocutilsRenderer) is first
    first.guidekit_busy = True
    assert cache(config, DocutilsRenderer) is not first
    assert cache(MdParserConfig(), DocutilsRenderer) is not first


def test_myst_documents_are_made_with_default_settings() -> None:
    document = myst.make_document("x.md")
    assert document["source"] == "x.md"
    assert document.settings.tab_width == 8
    assert myst.make_document().settings is not document.settings


def test_myst_parse_as_names_the_file_and_maps_lines(
    make_app: Callable[..., Any], basic_root: Path
) -> None:
    """A directive that renders text as another file: warnings name that file
    and the mapped line; the renderer is restored afterwards."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    seen: dict[str, Any] = {}

    class Render(SphinxDirective):
        def run(self) -> list[nodes.Node]:
            renderer = myst.renderer_of(self.state)
            assert renderer is not None
            seen["md"] = renderer.md
            parent = nodes.section(ids=["proc"], names=["proc"])
            parent += nodes.title("Proc", "Proc")
            self.state.document.note_explicit_target(parent)
            with myst.parse_as(renderer, "/elsewhere/proc.md", lambda line: line + 10):
                myst.render_text(
                    renderer, "para\n\n```{note}\ninner\n```\n", parent, section_root=True
                )
            seen["after"] = (renderer.md, renderer.document["source"])
            seen["lines"] = [(n.source, n.line) for n in parent.findall(nodes.paragraph)]
            seen["text"] = parent.astext()
            return [parent]

    (basic_root / "extra.md").write_text("# Extra\n\n```{render-as}\n```\n", encoding="utf-8")
    app = make_app("html", srcdir=basic_root)
    app.add_directive("render-as", Render)
    app.build(filenames=[str(basic_root / "extra.md")])
    assert seen["after"] == (seen["md"], str(basic_root / "extra.md"))
    assert seen["lines"][0] == ("/elsewhere/proc.md", 11)
    # directive content is counted from the directive's (mapped) line
    assert seen["lines"][1][0] == "/elsewhere/proc.md"
    assert seen["text"].split() == ["Proc", "para", "inner"], seen["text"]


# --- sphinx-tabs ------------------------------------------------------------------------


def test_tabs_state_is_read_from_temp_data() -> None:
    from docutils import nodes

    button = nodes.container()
    temp: dict[str, Any] = {"tabs_stack": [0], "tabs_0": {"tab_titles": [("0-0", button)]}}
    assert sphinx_tabs.inside_tabs(temp)
    assert sphinx_tabs.last_tab_button(temp) is button
    assert not sphinx_tabs.inside_tabs({})
    assert sphinx_tabs.last_tab_button({"tabs_stack": [1]}) is None


def test_sphinx_tabs_keeps_its_state_where_compat_reads_it(
    make_app: Callable[..., Any], basic_root: Path
) -> None:
    """A real tabs block: the button compat finds holds the tab's label."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    found: list[str] = []

    class Probe(SphinxDirective):
        def run(self) -> list[nodes.Node]:
            button = sphinx_tabs.last_tab_button(self.env.temp_data)
            found.append(button.astext() if button is not None else "")
            found.append(str(sphinx_tabs.inside_tabs(self.env.temp_data)))
            return []

    (basic_root / "extra.md").write_text(
        "# Extra\n\n````{tabs}\n```{tab} First label\nbody\n```\n```{probe}\n```\n````\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=basic_root)
    app.add_directive("probe", Probe)
    app.build(filenames=[str(basic_root / "extra.md")])
    assert found == ["First label", "True"]


def test_logging_handler_shape() -> None:
    """health.py adds its filter to Sphinx's WarningStreamHandler."""
    from sphinx.util import logging

    assert issubclass(logging.WarningStreamHandler, std_logging.Handler)
    assert logging.NAMESPACE == "sphinx"


def test_furo_without_a_footer_block_is_a_changed_upstream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """guidekit's page.html adds the feedback link to Furo's footer block: a Furo
    without it is reported, not silently left without the link."""
    import importlib
    import shutil
    import types

    real = importlib.import_module("furo")
    source = Path(str(real.__file__)).parent
    copy = tmp_path / "furo"
    shutil.copytree(source / "theme", copy / "theme")
    shutil.copy(source / "navigation.py", copy / "navigation.py")
    fake = types.SimpleNamespace(
        __file__=str(copy / "__init__.py"),
        setup=real.setup,
        **{furo.PYGMENTS_HANDLER[1]: getattr(real, furo.PYGMENTS_HANDLER[1])},
    )
    monkeypatch.setattr(importlib, "import_module", lambda name: fake)
    furo.check_furo()  # the copy as it is fits
    page = copy / "theme" / "furo" / "page.html"
    original = page.read_text("utf-8")
    page.write_text(original.replace("{% block footer %}", ""), "utf-8")
    with pytest.raises(UpstreamChanged, match=r"page\.html has no footer block"):
        furo.check_furo()
    # Nor one without an <aside> that compat.furo names.
    page.write_text(original.replace('<aside class="toc-drawer', '<aside class="x'), "utf-8")
    with pytest.raises(UpstreamChanged, match=r"page\.html has no <aside> 'toc-drawer'"):
        furo.check_furo()
