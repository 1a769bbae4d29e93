"""Japanese text that copies and searches in every PDF viewer: ToUnicode maps.

dvipdfmx (the Japanese PDFs: uplatex, then dvipdfmx) writes no ToUnicode map
for a font of one of Adobe's standard character collections (Adobe-Japan1 for
the HaranoAji fonts): a viewer is expected to know the collection. poppler and
Acrobat do; viewers that do not copy or find nothing, or the wrong characters.
The fonts are embedded with the Identity encoding (the codes are the
collection's CIDs), so the collection's own ToUnicode CMap, which Adobe publishes
and TeX Live ships (``Adobe-Japan1-UCS2``), is their map: it is added to every
such font, once per file.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pikepdf import Object

#: Adobe's ToUnicode CMap of each standard character collection (by Ordering).
COLLECTION_CMAPS = {
    "Japan1": "Adobe-Japan1-UCS2",
    "GB1": "Adobe-GB1-UCS2",
    "CNS1": "Adobe-CNS1-UCS2",
    "Korea1": "Adobe-Korea1-UCS2",
}


def find_cmap(name: str) -> Path | None:
    """A CMap file of the TeX installation (kpsewhich), or None."""
    found = subprocess.run(
        ["kpsewhich", "-format=cmap", name], capture_output=True, text=True, check=False
    ).stdout.strip()
    return Path(found) if found else None


def _collection(font: Object) -> str | None:
    """The Adobe collection ("Japan1") of a Type0 font that has an Identity
    encoding (codes are CIDs) and no ToUnicode map; else None."""
    from pikepdf import Dictionary, Name

    if not isinstance(font, Dictionary) or font.get("/Type") != Name.Font:
        return None
    if font.get("/Subtype") != Name.Type0 or "/ToUnicode" in font:
        return None
    if font.get("/Encoding") not in (Name("/Identity-H"), Name("/Identity-V")):
        return None
    info = font.DescendantFonts[0].get("/CIDSystemInfo")
    if info is None or str(info.get("/Registry")) != "Adobe":
        return None
    return str(info.get("/Ordering"))


def add_tounicode(pdf: Path, cmap_file: Callable[[str], Path | None] = find_cmap) -> list[str]:
    """Give every font of ``pdf`` that lacks one its collection's ToUnicode map
    (one stream per collection); the file is rewritten only when a font changed.
    Returns the CMaps added; FileNotFoundError when one is not installed."""
    # pikepdf (qpdf) is loaded when a PDF is made, not with every guidekit command.
    from pikepdf import Pdf

    with Pdf.open(pdf, allow_overwriting_input=True) as doc:
        streams: dict[str, Object] = {}
        for font in doc.objects:
            name = COLLECTION_CMAPS.get(_collection(font) or "")
            if name is None:
                continue
            if name not in streams:
                path = cmap_file(name)
                if path is None:
                    raise FileNotFoundError(f"{name} (the ToUnicode CMap of TeX Live)")
                streams[name] = doc.make_indirect(doc.make_stream(path.read_bytes()))
            font.ToUnicode = streams[name]
        if streams:
            doc.save(pdf, deterministic_id=True)
    return sorted(streams)
