from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.building import Linted, copy_project, copy_root, lint_in_process, sphinx_ok
from tests.forked import run_module

from guidekit.files.conf import load_paths

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """A Sphinx app built in this process installs its language for guidekit's own
    messages for its lifetime: each test starts and ends in English."""
    from guidekit.l10n.messages import install

    install(None)
    yield
    install(None)


@pytest.fixture(autouse=True)
def docutils_registry() -> Iterator[None]:
    """A Sphinx app made in this process (``Sphinx(...)`` in a test) registers its
    extensions' directives, roles and nodes in docutils for good: a later in-process
    ``sphinx-build -W`` in the same worker (``guidekit i18n check`` runs one) then
    fails on "role ... is already registered". Each test leaves docutils as it
    found it, whatever ran before it in its worker."""
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        yield


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture
def basic_root(tmp_path: Path) -> Path:
    """A writable copy of the test-basic root, for cases that break it."""
    return copy_root(tmp_path / "root")


@pytest.fixture(scope="session", name="shared_build")
def shared_build_fixture() -> Callable[..., Path]:
    """``shared_build(tmp_path_factory, name, make)``: see :func:`shared_build`."""
    return shared_build


@pytest.fixture(scope="session", name="copy_project")
def copy_project_fixture() -> Callable[[Path], Path]:
    """``copy_project(target)``: a copy of the project to build or break."""
    return copy_project


def build_html(root: Path, out: Path, language: str) -> Path:
    """Build every guide of the project at ``root`` in ``language`` with warnings as
    errors (in a subprocess, so that Sphinx's global translators do not leak
    between languages)."""
    result = sphinx_ok(root, out, "-W", "--keep-going", "-q", language=language)
    assert result.stderr.strip() == "", result.stderr
    return out


def shared_base(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run, shared by its xdist workers."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(
    factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]
) -> Path:
    """``make(folder)`` once per test run, also under ``pytest -n``: the workers
    share one folder (beside their own temporary folders) and the first one to
    get the lock builds; the others wait and use its result."""
    from filelock import FileLock

    folder = shared_base(factory) / f"shared-{name}"
    with FileLock(str(folder) + ".lock"):
        done = folder / ".done"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def _html(factory: pytest.TempPathFactory, language: str) -> Path:
    """Every guide built in ``language`` into ``<run>/html/<language>``, the
    languages side by side as published (the language switch links across);
    each language builds from its own copy of the project, so that two workers
    never build in the same copy."""
    out = shared_base(factory) / "html" / language

    def make(folder: Path) -> None:
        shutil.rmtree(out, ignore_errors=True)
        build_html(copy_project(folder / "project"), out, language)

    shared_build(factory, f"html-{language}", make)
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full English HTML build of every guide, in a copy of the project."""
    return _html(tmp_path_factory, "en")


@pytest.fixture(scope="session")
def built_ja(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full Japanese HTML build of every guide, in a copy of the project."""
    return _html(tmp_path_factory, "ja")


@pytest.fixture(scope="session")
def latex_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the LaTeX sources of every guide in every language
    (warnings as errors) where ``guidekit pdf`` makes them (``_build/latex/<lang>``),
    once per test run: the PDF tests make their PDFs from them (``pdfs``), so that
    Sphinx reads and writes the project once for both. These tests share one worker
    (SHARED_BUILDS): the PDF build adds its files beside the sources."""

    def make(folder: Path) -> None:
        root = copy_project(folder / "project")
        paths = load_paths(root)
        for language in paths.languages:
            out = paths.build / "latex" / language
            sphinx_ok(root, out, "-W", "--keep-going", "-q", builder="latex", language=language)

    return shared_build(tmp_path_factory, "latex", make) / "project"


@pytest.fixture(scope="session")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project as a new team gets it (``guidekit init``), built in every
    language with ``guidekit build``, once per test run. Its tests run in one
    worker (SHARED_BUILDS), as some of them build more into it (lint, PDF)."""

    def make(folder: Path) -> None:
        root = str(folder / "project")
        for command in (["init", root], ["build", "--root", root, "-j", "1"]):
            done = run_module([sys.executable, "-m", "guidekit", *command])
            assert done.returncode == 0, f"guidekit {command[0]}: {done.stdout}{done.stderr}"

    return shared_build(tmp_path_factory, "shop", make) / "project"


@pytest.fixture(scope="session")
def linted(tmp_path_factory: pytest.TempPathFactory) -> Linted:
    """One in-process ``-b cmdlint`` build of a copy of the project (conf.py,
    pyproject.toml's [tool.cmdlint], source/ and procedures/) for the tests that
    read every guide's blocks or flow items and change nothing: they share one
    worker (SHARED_BUILDS), which reads the project once for all of them."""
    from sphinx.util.docutils import docutils_namespace

    folder = tmp_path_factory.mktemp("linted")
    root = copy_project(folder / "project", ("conf.py", "pyproject.toml", "source", "procedures"))
    with docutils_namespace():  # a session's app: see docutils_registry
        app, report, output = lint_in_process(root, folder / "out")
    return Linted(root, app, app.statuscode, report, output)


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
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


# --- markers: the fast loop is `pytest -m "not slow and not browser and not pdf"` ----

#: Fixtures that build a project (or drive a browser): a test using one is marked.
SLOW_FIXTURES = frozenset(
    {
        "built",
        "built_ja",
        "project",
        "make_app",
        "app",
        "lint_build",
        "project_copy",
        "copy_project",
        "basic_root",
        "locales_copy",
        "helper_root",
        "shop",
        "latex_project",
        "linted",
    }
)


#: Tests that share an expensive session resource, kept in one xdist worker.
SHARED_BUILDS = {
    "browser": frozenset({"browser"}),
    "shop": frozenset({"shop"}),
    "latex": frozenset({"latex_project", "pdfs"}),
    "lint": frozenset({"linted"}),
}

#: Folders and modules whose every test builds or fuzzes (paths under tests/).
SLOW_PLACES = ("sphinx_ext/", "fuzz/", "checklist/test_upgrade_helper_build.py", "test_publish.py")


# First: pytest-xdist reads the xdist_group marks in its own hook (it puts the group
# into the test's id), which saw none of them when this hook ran after it.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that build, drive Chromium or make PDFs are marked by the fixtures they
    use (and by where they live), so that a new test lands on the right side of the
    fast loop by itself; other slow tests carry ``@pytest.mark.slow``."""
    for item in items:
        place = Path(str(item.fspath)).resolve().relative_to(TESTS).as_posix()
        if place.startswith(SLOW_PLACES):
            item.add_marker(pytest.mark.slow)
        used = set(getattr(item, "fixturenames", ()))
        if "browser" in used:
            item.add_marker(pytest.mark.browser)
        if "pdfs" in used:
            item.add_marker(pytest.mark.pdf)
        if used & SLOW_FIXTURES or "browser" in used or "pdfs" in used:
            item.add_marker(pytest.mark.slow)
        # Under pytest -n (--dist loadgroup), the browser tests share one Chromium.
        group = next((name for name, fixtures in SHARED_BUILDS.items() if used & fixtures), None)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Under ``--dist loadgroup``, pytest-xdist keeps a group in one worker by the
    suffix it adds to the ids of its tests (``...@latex``). Where that does not take
    (pytest 9.2 with pytest-xdist 3.8), a group's tests would spread over the workers
    and race on their shared build: they fail instead, saying why."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    if any(i.get_closest_marker("xdist_group") and "@" not in i.nodeid for i in session.items):
        session.config.stash[_UNGROUPED] = (
            f"pytest-xdist cannot group tests under pytest {pytest.__version__}, so the "
            "tests of one shared build would run in several workers: install the test "
            "extra again (pip install -e './extensions[test]', pytest<9.2) or run without -n"
        )


def pytest_runtest_setup(item: pytest.Item) -> None:
    message = item.config.stash.get(_UNGROUPED, None)
    if message and item.get_closest_marker("xdist_group"):
        pytest.fail(message, pytrace=False)


_UNGROUPED = pytest.StashKey[str]()


# --- the garbage collector -------------------------------------------------------------

#: Young-generation size and how often the older ones are looked at. The in-process
#: builds and the session caches (doctrees, apps, PDF texts) keep millions of objects
#: alive; with Python's defaults (700, 10, 10) a worker spent 13 s of a run in ~30
#: full collections over them, finding little. Cycles are still collected.
GC_THRESHOLDS = (50_000, 20, 100)


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    if not hasattr(config, "workerinput"):  # once, before the workers start
        _keep_bytecode()


def _keep_bytecode() -> None:
    """Where PYTHONDONTWRITEBYTECODE is set (as on CI's machine), each Python process
    of the run that imports guidekit and cmdlint afresh (the workers, the servers that
    fork their builds, the commands still run as subprocesses) compiled them again:
    an editable install has no bytecode, and none was written. They are
    compiled once here, beside their sources as Python itself would (``__pycache__``
    is a tool cache, not a build output), and read by every process after."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    import compileall

    import cmdlint
    import guidekit

    for package in (guidekit, cmdlint):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """The process is about to end: the collector's last passes over the caches'
    cycles (3 s after a run, each worker in turn) would free memory for nothing."""
    gc.freeze()


# --- nothing is written into the checkout ---------------------------------------------

#: Caches of the tools themselves, not outputs of the project.
TOOL_CACHES = (
    ".venv",
    ".tox",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".import_linter_cache",
    ".hypothesis",
    "__pycache__",
    ".egg-info",
)


def _generated_files() -> dict[str, tuple[int, int]] | None:
    """Every git-ignored file of the checkout outside the tool caches, with its
    modification time and size (None outside a git checkout)."""
    try:
        listed = subprocess.run(
            [
                "git",
                "status",
                "--porcelain",
                "-z",
                "--ignored",
                "--untracked-files=all",
                "--",
                ".",
                ":(exclude).venv",
                ":(exclude).tox",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = {}
    for entry in listed.split("\0"):
        if not entry.startswith("!! "):
            continue
        path = entry[3:]
        if any(part in TOOL_CACHES or part.endswith(".egg-info") for part in Path(path).parts):
            continue
        try:
            info = (REPO / path).stat()
        except OSError:
            continue
        found[path] = (info.st_mtime_ns, info.st_size)
    return found


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller under xdist
        session.config.stash[_CHECKOUT] = _generated_files()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_CHECKOUT, None)
    if before is None or hasattr(session.config, "workerinput"):
        return
    after = _generated_files() or {}
    written = sorted(path for path, stamp in after.items() if before.get(path) != stamp)
    if written:
        shown = "\n  ".join(written[:20]) + ("\n  ..." if len(written) > 20 else "")
        session.config.get_terminal_writer().line(
            f"\nERROR: the tests wrote {len(written)} file(s) into the checkout; "
            f"build in a copy (tests/conftest.py: copy_project, shared_build):\n  {shown}",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_CHECKOUT = pytest.StashKey[dict[str, tuple[int, int]] | None]()
