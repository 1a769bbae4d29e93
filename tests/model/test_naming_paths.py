"""The naming scheme (model/naming.py) and the project paths (model/paths.py, files/conf.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guidekit.files.conf import find_paths, load_paths
from guidekit.model import naming
from guidekit.model.errors import GuideError
from guidekit.model.manifest import load_manifest
from guidekit.model.paths import SETTINGS

REPO = Path(__file__).resolve().parents[2]


def test_page_names_round_trip() -> None:
    assert naming.guide_docname("she-4.3-to-4.4") == "guides/she-4.3-to-4.4/index"
    assert naming.step_docname("minor-4.4", "update-manager") == "guides/minor-4.4/update-manager"
    assert naming.parse_docname("guides/minor-4.4/index") == ("minor-4.4", None)
    assert naming.parse_docname("guides/minor-4.4/update-manager") == (
        "minor-4.4",
        "update-manager",
    )
    for other in (
        "index",
        "upgrade-helper",
        "guides/minor-4.4",
        "guides//x",
        "a/b/c",
        "guides/a/b/c",
    ):
        assert naming.parse_docname(other) is None, other
        assert not naming.is_guide_page(other)


def test_included_labels_number_repeats() -> None:
    taken: set[str] = set()
    assert naming.included_label("g/s", "p", taken) == "g/s/p"
    assert naming.included_label("g/s", "p", taken) == "g/s/p-2"
    assert naming.included_label("g/s", "p", taken) == "g/s/p-3"
    assert naming.included_label("g/s", "q", taken) == "g/s/q"
    assert taken == {"g/s/p", "g/s/p-2", "g/s/p-3", "g/s/q"}


def test_manifest_pages_use_the_scheme() -> None:
    manifest = load_manifest(REPO / "source" / "guides.yaml")
    for guide in manifest.guides:
        assert manifest.page(guide.docname) == (guide, None)
        for step in guide.steps:
            assert manifest.page(guide.step_docname(step)) == (guide, step)
            assert guide.step_label(step) == naming.step_label(guide.id, step.slug)
    assert manifest.page("guides/no-such-guide/index") is None
    assert manifest.page("index") is None


def test_paths_of_this_project() -> None:
    paths = load_paths(REPO)
    assert paths.manifest == REPO / "source" / "guides.yaml"
    assert paths.procedures == REPO / "procedures"
    assert paths.versions == REPO / "procedures" / "versions.yaml"
    assert paths.locales == REPO / "locales"
    assert paths.source == REPO / "source"
    assert paths.languages == ("en", "ja")
    assert find_paths(REPO / "procedures") == paths


def test_moved_manifest_is_followed(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(
        'guidekit_manifest = "guides/all.yaml"\nguidekit_languages = ["en", "de"]\n', "utf-8"
    )
    paths = load_paths(tmp_path)
    assert paths.manifest == tmp_path / "guides" / "all.yaml"
    assert paths.languages == ("en", "de")
    assert paths.versions == tmp_path / SETTINGS["guidekit_versions"].default


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("guidekit_manifest = 3\n", "guidekit_manifest must be a path"),
        ("guidekit_languages = []\n", "guidekit_languages must be a list of language codes"),
        ("guidekit_languages = 'en'\n", "guidekit_languages must be a list"),
        ("raise RuntimeError('boom')\n", "conf.py failed to run: RuntimeError: boom"),
    ],
)
def test_bad_conf_is_one_error_naming_conf_py(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "conf.py").write_text(text, "utf-8")
    with pytest.raises(GuideError) as caught:
        load_paths(tmp_path)
    assert message in caught.value.message
    assert caught.value.path == tmp_path / "conf.py"


def test_no_conf_py_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GuideError, match=r"no conf\.py"):
        load_paths(tmp_path)


@pytest.mark.slow
def test_importing_the_core_loads_no_sphinx() -> None:
    """The layers hold at run time too: the model and the CLI parser stay Sphinx-free."""

    def loaded(modules: str, families: tuple[str, ...]) -> str:
        code = (
            f"import sys, {modules}; print(sorted({{m.split('.')[0] for m in sys.modules}}"
            f" & {set(families)!r}))"
        )
        return subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert (
        loaded(
            "guidekit.model.project, guidekit.model.paths", ("sphinx", "docutils", "myst_parser")
        )
        == "[]"
    )
    assert loaded("guidekit.cli", ("sphinx", "myst_parser")) == "[]"


def test_each_language_asked_for_is_built_once() -> None:
    from guidekit.model.paths import languages_of

    paths = load_paths(REPO)
    assert languages_of(paths, ["ja", "en", "ja"]) == ["ja", "en"]
    assert languages_of(paths, None) == list(paths.languages)
    with pytest.raises(GuideError, match="--lang xx"):
        languages_of(paths, ["xx"])
