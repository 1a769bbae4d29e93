"""Built HTML pages as the tests read them: each page parsed once per test process.

Parsing is most of what the tests of a built site cost (the site has more than
a hundred pages per language, and html.parser takes some 20 ms a page); the
session builds never change after they are made, so one parse serves every
test. The tree is shared: read it, never change it; to edit a tag, copy it
first (``copy.copy(tag)``), or parse the page afresh with :func:`fresh_soup`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup


def fresh_soup(path: Path) -> BeautifulSoup:
    """The page at ``path``, parsed now: a tree of the caller's own."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@lru_cache(maxsize=1024)
def _parsed(path: Path, size: int, mtime_ns: int) -> BeautifulSoup:
    return fresh_soup(path)


def soup(path: Path) -> BeautifulSoup:
    """The page at ``path``, parsed once for this process while the file stays as
    it is (a rebuilt page is parsed again); shared, so never to be changed."""
    info = path.stat()
    return _parsed(path.resolve(), info.st_size, info.st_mtime_ns)
