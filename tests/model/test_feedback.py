"""The reader-feedback address template (guidekit_feedback_url): checked once with
the settings, filled in per page with every value URL-encoded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from guidekit.model.errors import GuideError, Kind
from guidekit.model.feedback import feedback_url, template_problem
from guidekit.model.settings import Settings

GOOD = "https://tracker.example.com/new?summary={title}&page={path}&g={guide}&l={language}"


@pytest.mark.parametrize(
    "template",
    [
        "",  # no link
        GOOD,
        "http://bugs.example.org/enter?product=Shop%20Docs&short_desc={title}",
        "https://example.com/{language}/feedback?x={{literal}}",
        "https://example.com/feedback",  # no placeholder at all
    ],
)
def test_a_usable_template_has_no_problem(template: str) -> None:
    assert template_problem(template) is None
    assert Settings.from_values({"guidekit_feedback_url": template}).feedback_url == template


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("https://example.com/new?summary={page}", "{page} is not one of them"),
        ("https://example.com/new?summary={}", "{} is not one of them"),
        ("https://example.com/new?summary={title!r}", "placeholders are plain ({title})"),
        ("https://example.com/new?summary={title:>10}", "placeholders are plain ({title})"),
        ("https://example.com/new?summary={title", "balanced braces"),
        ("ftp://example.com/new?summary={title}", "http:// or https:// address with a host"),
        ("javascript:alert({title})", "http:// or https:// address with a host"),
        ("https:///new?summary={title}", "http:// or https:// address with a host"),
        ("/feedback?summary={title}", "http:// or https:// address with a host"),
        ("https://example.com/new?summary=Doc bug {title}", "no ' ' in it"),
    ],
)
def test_a_bad_template_is_one_config_error_naming_the_setting(template: str, says: str) -> None:
    assert template_problem(template) is not None
    with pytest.raises(GuideError) as caught:
        Settings.from_values({"guidekit_feedback_url": template}, "conf.py")
    error = caught.value
    assert error.path == "conf.py" and error.kind == Kind.CONFIG
    assert error.message.startswith("guidekit_feedback_url must be "), error.message
    assert says in error.message and repr(template) in error.message


def test_a_template_that_is_not_text_is_refused() -> None:
    with pytest.raises(GuideError, match="guidekit_feedback_url must be text"):
        Settings.from_values({"guidekit_feedback_url": None})


def test_every_value_is_url_encoded() -> None:
    url = feedback_url(
        GOOD,
        title="Upgrading & rolling back: 4.3 → 4.4 (日本語)?#",
        path="ja/guides/she-4.3-to-4.4/index.html",
        guide="she-4.3-to-4.4",
        language="ja",
    )
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        "https",
        "tracker.example.com",
        "/new",
        "",
    )
    assert parse_qs(parts.query) == {
        "summary": ["Upgrading & rolling back: 4.3 → 4.4 (日本語)?#"],
        "page": ["ja/guides/she-4.3-to-4.4/index.html"],
        "g": ["she-4.3-to-4.4"],
        "l": ["ja"],
    }
    assert " " not in url and "&rolling" not in url


def test_an_empty_guide_leaves_the_parameter_empty() -> None:
    url = feedback_url(GOOD, title="Home", path="en/index.html", guide="", language="en")
    assert "&g=&l=en" in url
