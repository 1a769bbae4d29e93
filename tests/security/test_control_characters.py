"""Control characters written as escapes (YAML, PO, Jinja) never reach pages or terminals."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from guidekit.l10n.catalogs import read_catalog
from guidekit.model.errors import GuideError, Kind, read_text
from guidekit.model.matrix import parse_matrix
from guidekit.model.templating import render_template
from guidekit.model.yamldata import parse_yaml

REPO = Path(__file__).resolve().parents[2]
ESCAPES = ["\\e[2J", "\\a", "\\0", "\\x9b1m", "\\u009b", "\\r", "\\x7f"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_yaml_escapes_of_control_characters_are_refused(escape: str) -> None:
    with pytest.raises(GuideError) as info:
        parse_yaml(f'a: 1\nb:\n  - "ok"\n  - "x{escape}"\n', "data.yaml")
    assert (info.value.path, info.value.line, info.value.kind) == ("data.yaml", 4, Kind.ENCODING)


def test_a_control_character_in_the_matrix_is_refused_with_its_line() -> None:
    text = (REPO / "procedures" / "versions.yaml").read_text("utf-8")
    text = text.replace("package_manager: yum", 'package_manager: "yum\\e[2J"', 1)
    line = text.splitlines().index('    package_manager: "yum\\e[2J"') + 1
    with pytest.raises(GuideError) as info:
        parse_matrix(text, "versions.yaml")
    assert info.value.line == line and "U+001B" in info.value.message


def test_tabs_and_line_ends_written_as_escapes_stay_allowed() -> None:
    assert parse_yaml('a: "x\\ty\\nz"\n', "d.yaml") == {"a": "x\ty\nz"}


@pytest.mark.parametrize("escape", ["\\033[2J", "\\a", "\\x9b", "\\r"])
def test_po_escapes_of_control_characters_are_refused(tmp_path: Path, escape: str) -> None:
    catalog = Catalog(locale="ja", fuzzy=False)
    catalog.add("First.", "一。")
    catalog.add("Second.", "二。")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    path = tmp_path / "guides.po"
    text = buffer.getvalue().decode("utf-8").replace('msgstr "二。"', f'msgstr "二{escape}。"')
    path.write_text(text, "utf-8")
    line = text.splitlines().index('msgid "Second."') + 1
    with pytest.raises(GuideError) as info:
        read_catalog(path, "ja")
    # An escape by number is refused on its own line (msgstr); a decoded one at the entry.
    numeric = escape[1] in "0x"
    assert (info.value.path, info.value.line) == (path, line + 1 if numeric else line)
    assert "control character" in info.value.message


def test_a_raw_c1_control_in_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("one\ntwo \u009b1m\n", "utf-8")
    with pytest.raises(GuideError) as info:
        read_text(path)
    assert info.value.line == 2 and "U+009B" in info.value.message


@pytest.mark.parametrize("literal", ['"\\x1b[2J"', '"\\u009b"', '"\\a"', '"\\x00"'])
def test_a_template_string_escape_cannot_print_a_control_character(literal: str) -> None:
    with pytest.raises(GuideError) as info:
        render_template(
            f"one\n{{% if true %}}\nx {{{{ {literal} }}}}\n{{% endif %}}\n",
            {},
            "procedures/p.md",
            7,
        )
    assert (info.value.line, info.value.kind) == (9, Kind.ENCODING)
