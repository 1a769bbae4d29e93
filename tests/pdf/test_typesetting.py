"""Japanese typesetting without TeX: the title page's date, headings kept
together at their end, the Japanese preamble."""

from __future__ import annotations

from datetime import date

import pytest

from guidekit.pdf.japanese import keep_together
from guidekit.pdf.preamble import latex_elements
from guidekit.pdf.title_page import build_date, pdf_date


def test_date_is_the_languages_long_form_unpadded() -> None:
    day = date(2026, 12, 5)
    assert pdf_date("en", day) == "December 5, 2026"
    # upLaTeX would put a space between the digits and 年月日: not in this box.
    assert pdf_date("ja", day) == r"\mbox{\noautoxspacing 2026年12月5日}"
    assert pdf_date("ja", date(2027, 1, 9)).endswith("2027年1月9日}")
    assert pdf_date("no-such-language", day) == "December 5, 2026"


def test_build_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796428800")  # 2026-12-05 00:00 UTC
    assert build_date() == date(2026, 12, 5)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() == date.today()


def test_heading_ends_are_kept_together() -> None:
    assert keep_together("仮想マシンの移行") == ("仮想マシンの", "移行")
    # Step numbers stay whole with their letter and bracket.
    assert keep_together("置き換え（または 11A）") == ("置き換え（または ", "11A）")
    assert keep_together("手動更新（または 4A、4B）") == ("手動更新（または ", "4A、4B）")
    assert keep_together("更新（または 3B）") == ("更新（または ", "3B）")
    assert keep_together("Manager の更新") == ("Manager の", "更新")
    # A blank at the end, or too short a title: nothing to keep.
    assert keep_together("手順 1") == ("手順 1", "")
    assert keep_together("概要") == ("概要", "")


def test_japanese_preamble() -> None:
    ja = latex_elements("ja", {})["extrapackages"]
    assert r"\fancyhead[RO,LE]{\guidekitrunninghead}" in ja
    assert r"\language=" in ja
    assert r"{\guidekitchapterlabel}{1zw}" in ja
    # One-sided as English; bold Latin in the sans-serif, not bold Times.
    assert r"\geometry{twoside=false}" in ja
    assert r"\DeclareFontShape{T1}{qtm}{b}{n}{<->ssub*qhv/b/n}{}" in ja
    en = latex_elements("en", {})["extrapackages"]
    assert "guidekitrunninghead" not in en and r"\language" not in en
