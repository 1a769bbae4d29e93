"""The guidekit_* settings: one dataclass, validated with one error, documented
from the same table."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from guidekit.model.errors import GuideError
from guidekit.model.settings import PREFIX, SETTINGS, Settings, reference

REPO = Path(__file__).resolve().parents[2]


def test_the_table_is_the_dataclass() -> None:
    assert list(SETTINGS) == [PREFIX + item.name for item in fields(Settings)]
    assert SETTINGS["guidekit_languages"].default == ["en"]
    assert Settings.from_values({}) == Settings()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("guidekit_latex", "no", "guidekit_latex must be True or False"),
        ("guidekit_manifest", "", "guidekit_manifest must be a path"),
        ("guidekit_pdf_url", None, "guidekit_pdf_url must be text"),
        ("guidekit_languages", [], "guidekit_languages must be a list of language codes"),
        ("guidekit_languages", "en", "guidekit_languages must be a list of language codes"),
    ],
)
def test_a_wrong_value_is_one_error_naming_conf_py(name: str, value: object, message: str) -> None:
    with pytest.raises(GuideError) as info:
        Settings.from_values({name: value}, "conf.py")
    assert info.value.message.startswith(message) and info.value.path == "conf.py"


def test_an_empty_pdf_url_is_allowed() -> None:
    assert Settings.from_values({"guidekit_pdf_url": ""}).pdf_url == ""


def test_the_reference_page_is_current() -> None:
    committed = (REPO / "extensions" / "guidekit" / "SETTINGS.md").read_text("utf-8")
    assert committed == reference(), "run: guidekit settings > extensions/guidekit/SETTINGS.md"
    for name in SETTINGS:
        assert f"| `{name}` |" in committed
