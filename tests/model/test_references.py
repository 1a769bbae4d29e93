"""The references table: one title and address per document and language."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidekit.model.errors import GuideError, Kind
from guidekit.model.references import load_references, parse_references

PATH = Path("references.yaml")
GOOD = """\
documents:
  admin:
    en:
      title: Administration Guide
      url: https://docs.example.com/en/{version}/admin/
    ja:
      title: 管理ガイド
      url: https://docs.example.com/ja/{version}/admin/
"""


def test_a_citation_has_the_readers_language_and_the_guides_release() -> None:
    table = parse_references(GOOD, PATH, ("en", "ja"))
    ja = table.cite("admin", "ja", "4.4")
    assert (ja.title, ja.url) == ("管理ガイド", "https://docs.example.com/ja/4.4/admin/")
    assert table.cite("admin", "en", "4.3").url == "https://docs.example.com/en/4.3/admin/"
    assert table.titles("en") == {"Administration Guide": "admin"}


@pytest.mark.parametrize(
    ("text", "languages", "message", "line"),
    [
        (GOOD, ("en", "ja", "de"), "document 'admin' has no de entry", 2),
        (
            GOOD.replace("https://docs.example.com/ja", "http://docs.example.com/ja"),
            ("en", "ja"),
            "is not an https:// address",
            8,
        ),
        (
            GOOD.replace("{version}/admin/\n    ja", "{release}/admin/\n    ja"),
            ("en", "ja"),
            "is not an https:// address",
            5,
        ),
        (GOOD.replace("  admin:", "  Admin Guide:"), ("en", "ja"), "does not match", 1),
        (GOOD.replace("      title: 管理ガイド\n", ""), ("en", "ja"), "'title' is a required", 6),
    ],
)
def test_a_bad_table_names_file_and_line(
    text: str, languages: tuple[str, ...], message: str, line: int
) -> None:
    with pytest.raises(GuideError) as caught:
        parse_references(text, PATH, languages)
    assert message in caught.value.message
    assert caught.value.line == line
    assert caught.value.path is not None and Path(caught.value.path).name == PATH.name


def test_no_table_is_no_table(tmp_path: Path) -> None:
    assert load_references(tmp_path / "references.yaml", ("en",)) is None
    (tmp_path / "references.yaml").write_bytes(b"\xff\xfe")
    with pytest.raises(GuideError) as caught:
        load_references(tmp_path / "references.yaml", ("en",))
    assert caught.value.kind == Kind.FILE
