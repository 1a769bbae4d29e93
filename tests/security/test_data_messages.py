"""Messages about data say what to write: versions as numbers, broken plural headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidekit.l10n.catalogs import read_catalog
from guidekit.model.errors import GuideError
from guidekit.model.manifest import parse_manifest

REPO = Path(__file__).resolve().parents[2]


def test_an_unquoted_version_value_says_to_quote_it() -> None:
    text = (REPO / "source" / "guides.yaml").read_text("utf-8")
    assert 'from: "4.3"' in text
    line = text.splitlines().index(next(x for x in text.splitlines() if 'from: "4.3"' in x)) + 1
    with pytest.raises(GuideError) as info:
        parse_manifest(text.replace('from: "4.3"', "from: 4.10", 1), "guides.yaml")
    assert info.value.line == line
    assert "write this value in quotes: YAML reads it as the number 4.1" in info.value.message
    assert "not of type" not in info.value.message


HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ja\\n"\n"Plural-Forms: {forms}\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'
)


@pytest.mark.parametrize(
    ("forms", "fragment"),
    [
        ("nplurals=x; plural=0;", "nplurals must be a number"),
        ("nplurals=1;", "no plural= expression"),
        ("nplurals=2; plural=(n;", "is not valid"),
        ("nplurals=2; plural=n ? 1 :;", "is not valid"),
    ],
)
def test_a_broken_plural_forms_header_names_its_line(
    tmp_path: Path, forms: str, fragment: str
) -> None:
    path = tmp_path / "guides.po"
    path.write_text(HEADER.format(forms=forms), "utf-8")
    with pytest.raises(GuideError) as info:
        read_catalog(path, "ja")
    assert (info.value.path, info.value.line) == (path, 4)
    assert fragment in info.value.message


@pytest.mark.parametrize("forms", ["nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);"])
def test_a_good_plural_forms_header_passes(tmp_path: Path, forms: str) -> None:
    path = tmp_path / "guides.po"
    path.write_text(HEADER.format(forms=forms), "utf-8")
    assert read_catalog(path, "ja").get("a").string == "b"
