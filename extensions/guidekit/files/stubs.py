"""Write the stub pages of the assembled guides into the source folder.

A stub is rewritten only when its text changes, so an incremental build re-reads
only what changed; the text of each stub comes from guidekit.model.stubs.
"""

from __future__ import annotations

import os
from pathlib import Path

from guidekit.files import locks
from guidekit.model.errors import GuideError, Kind
from guidekit.model.manifest import Manifest
from guidekit.model.naming import STUB_DIR
from guidekit.model.stubs import HEADER, MARKER, stub_pages

HEADER_BYTES = HEADER.encode("utf-8")


def write_stubs(srcdir: Path, manifest: Manifest, suffix: str = ".md") -> list[str]:
    """Write the stubs, delete stale ones; return the docnames written anew.

    The stub folder is the build's own: guidekit writes only regular files in
    real folders (never through a link), and deletes or overwrites only pages
    it wrote (they start with its header). Anything else there (a writer's own
    page, a link) stops the build with a GuideError naming it, and is kept.
    """
    try:
        # The languages that ``guidekit build`` builds side by side write the same
        # pages: one writes them, the next finds them written.
        with locks.held(srcdir / STUB_DIR, wait=True):
            return _write_stubs(srcdir, manifest, suffix)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else srcdir / STUB_DIR
        raise GuideError(
            f"cannot write the generated page: {exc.strerror or exc} (guidekit "
            "writes the guides' pages into the source folder)",
            where,
            kind=Kind.FILE,
        ) from None


def _write_stubs(srcdir: Path, manifest: Manifest, suffix: str) -> list[str]:
    root = srcdir / STUB_DIR
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        raise GuideError(
            f"{root} is a link or a file; guidekit writes the generated pages into "
            "a folder of its own there: delete it",
            root,
            kind=Kind.STUBS,
        )
    if root.exists() and not (root / MARKER).exists() and any(root.iterdir()):
        raise GuideError(f"{root} was not written by guidekit; move it away", root, kind=Kind.STUBS)
    root.mkdir(parents=True, exist_ok=True)
    existing = _existing_pages(root, suffix)
    if not (root / MARKER).exists():
        _write_file(root / MARKER, "Pages here are rewritten on every build.\n")
    pages = stub_pages(manifest)
    wanted = {srcdir / f"{docname}{suffix}": docname for docname in pages}
    written: list[str] = []
    for path, docname in wanted.items():
        text = pages[docname]
        if path in existing and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_file(path, text)
        written.append(docname)
    for path in existing:
        if path not in wanted:
            path.unlink()
    for folder, _dirs, _files in sorted(os.walk(root), reverse=True):
        if Path(folder) != root and not os.listdir(folder):
            os.rmdir(folder)
    return written


def _existing_pages(root: Path, suffix: str) -> set[Path]:
    """The pages guidekit wrote under ``root``; a link, or a page it did not write,
    is a GuideError (both are kept)."""
    pages: set[Path] = set()
    for folder, dirs, files in os.walk(root):
        for name in (*dirs, *files):
            path = Path(folder) / name
            if path.is_symlink():
                raise GuideError(
                    f"{path} is a link; guidekit writes generated pages only as "
                    "files of its own, never through a link: delete the link",
                    path,
                    kind=Kind.STUBS,
                )
        for name in files:
            path = Path(folder) / name
            if not name.endswith(suffix):
                continue
            with path.open("rb") as file:
                generated = file.read(len(HEADER_BYTES)) == HEADER_BYTES
            if not generated:
                raise GuideError(
                    f"{path} was not written by guidekit, which owns {root} (the generated "
                    "pages, rewritten on every build): the file is kept; move it to the "
                    "source folder",
                    path,
                    kind=Kind.STUBS,
                )
            pages.add(path)
    return pages


def _write_file(path: Path, text: str) -> None:
    """Write ``text`` to a new file beside ``path``, then rename it over ``path``:
    a link there is replaced, never followed."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
