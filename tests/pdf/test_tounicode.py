"""ToUnicode maps for fonts of Adobe's character collections (guidekit.pdf.tounicode),
on small PDFs made here: no TeX needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pikepdf import Array, Dictionary, Name, Pdf

from guidekit.pdf.tounicode import add_tounicode

CMAP = b"/CIDInit /ProcSet findresource begin\n1 begincodespacerange\n<0000> <FFFF>\n"


def _pdf(path: Path, *fonts: Dictionary) -> Path:
    """A one-page PDF whose page uses ``fonts`` (F0, F1...)."""
    doc = Pdf.new()
    doc.add_blank_page()
    doc.pages[0].Resources = Dictionary(
        Font=Dictionary({f"/F{i}": doc.make_indirect(font) for i, font in enumerate(fonts)})
    )
    doc.save(path)
    return path


def _type0(registry: str, ordering: str, encoding: str = "/Identity-H") -> Dictionary:
    cid = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType0,
        BaseFont=Name("/HaranoAjiMincho-Regular"),
        CIDSystemInfo=Dictionary(Registry=registry, Ordering=ordering, Supplement=7),
    )
    return Dictionary(
        Type=Name.Font,
        Subtype=Name.Type0,
        BaseFont=Name("/HaranoAjiMincho-Regular-Identity-H"),
        Encoding=Name(encoding),
        DescendantFonts=Array([cid]),
    )


def test_adds_the_collections_map_once_per_file(tmp_path: Path) -> None:
    cmap = tmp_path / "Adobe-Japan1-UCS2"
    cmap.write_bytes(CMAP)
    asked: list[str] = []

    def find(name: str) -> Path:
        asked.append(name)
        return cmap

    pdf = _pdf(tmp_path / "ja.pdf", _type0("Adobe", "Japan1"), _type0("Adobe", "Japan1"))
    assert add_tounicode(pdf, find) == ["Adobe-Japan1-UCS2"]
    assert asked == ["Adobe-Japan1-UCS2"]
    with Pdf.open(pdf) as doc:
        fonts = list(doc.pages[0].Resources.Font.values())
        maps = [font.ToUnicode for font in fonts]
        assert maps[0].read_bytes() == CMAP
        assert maps[0].objgen == maps[1].objgen != (0, 0)
    # Fonts that have a map keep it: nothing to do, the file is left alone.
    before = pdf.read_bytes()
    assert add_tounicode(pdf, find) == []
    assert pdf.read_bytes() == before


def test_leaves_other_fonts_alone(tmp_path: Path) -> None:
    def find(name: str) -> Path:
        raise AssertionError(name)

    pdf = _pdf(
        tmp_path / "other.pdf",
        _type0("Adobe", "Identity"),
        _type0("Adobe", "Japan1", encoding="/UniJIS-UTF16-H"),
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/Times-Roman")),
    )
    assert add_tounicode(pdf, find) == []


def test_a_missing_cmap_is_named(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "ko.pdf", _type0("Adobe", "Korea1"))
    with pytest.raises(FileNotFoundError, match="Adobe-Korea1-UCS2"):
        add_tounicode(pdf, lambda name: None)
