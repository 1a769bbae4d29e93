from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture
def basic_root(tmp_path: Path) -> Path:
    """A writable copy of the test-basic root, for cases that break it."""
    target = tmp_path / "root"
    shutil.copytree(TESTS / "roots" / "test-basic", target,
                    ignore=shutil.ignore_patterns("_build", "guides"))
    return target


def build_html(out: Path, language: str) -> Path:
    """Build every guide in ``language`` with warnings as errors (in a subprocess,
    so that Sphinx's global translators do not leak between languages)."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-c", str(REPO),
         "-b", "html", "-D", f"language={language}", str(REPO / "source"), str(out)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    return out


@pytest.fixture(scope="session")
def html_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's HTML builds go, one directory per language."""
    return tmp_path_factory.mktemp("html")


@pytest.fixture(scope="session")
def built(html_root: Path) -> Path:
    """One full English HTML build of every guide."""
    return build_html(html_root / "en", "en")


@pytest.fixture(scope="session")
def built_ja(html_root: Path) -> Path:
    """One full Japanese HTML build of every guide."""
    return build_html(html_root / "ja", "ja")


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def _unavailable(reason: str) -> None:
    message = f"{reason}; run .ci/install-browser-deps (and pip install selenium)"
    if os.environ.get("GUIDEKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through selenium (nothing is downloaded).

    Without it the browser tests skip, unless GUIDEKIT_REQUIRE_BROWSER=1 (CI)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        _unavailable(f"no {' or '.join(missing)}")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed")
    # The system browser and driver only: Selenium Manager must not download any.
    os.environ["SE_OFFLINE"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1400"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
