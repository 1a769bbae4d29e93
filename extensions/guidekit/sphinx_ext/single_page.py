"""Each guide on one page: ``guides/<id>/all.html``.

Readers search a whole guide with Ctrl-F and print it from the browser. When
an HTML build has finished, the guide's front page and its steps (in the order
of the guide's page tree) are joined into one page: the front page's frame, the
steps' articles one after another with their headings one level down, links
between the guide's pages turned into links inside the page. The page is not
indexed for search (its steps are, one by one) and adds nothing to the PDF.

The joining itself is :mod:`.single_page_join` (pure); this module is the Sphinx
side: which guides to join after a build, where to write them, what joined steps
and frames to keep between builds.
"""

from __future__ import annotations

import hashlib
import pickle
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from guidekit.l10n.messages import _
from guidekit.model.errors import GuideError
from guidekit.sphinx_ext import single_page_join as join_module
from guidekit.sphinx_ext.context import get_project, loaded_project, report
from guidekit.sphinx_ext.feedback import feedback_link
from guidekit.sphinx_ext.search_page import guide_names
from guidekit.sphinx_ext.single_page_join import PAGE, Joined, JoinedFrame, JoinedStep, join_guide

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from guidekit.model.manifest import Guide


def guide_pages(env: BuildEnvironment, root: str) -> list[str]:
    """``root`` and every page under it in its page tree, in reading order."""
    pages: list[str] = []
    pending = [root]
    while pending:
        docname = pending.pop(0)
        if docname in pages:
            continue
        pages.append(docname)
        pending[0:0] = list(env.toctree_includes.get(docname, []))
    return pages


def is_up_to_date(target: Path, pages: list[Path]) -> bool:
    """Whether ``target`` was joined after every page it joins was last written.

    A change that reaches the joined page (a step, the guide's title, its list of
    pages, the configuration) writes its front page or a step page again."""
    if not target.is_file():
        return False
    joined = target.stat().st_mtime_ns
    return all(page.stat().st_mtime_ns <= joined for page in pages)


def _write_single_pages(app: Sphinx, exception: Exception | None) -> None:
    # Nothing to join after a failed build, or when the project did not load.
    if exception is not None or app.builder.name != "html" or app.statuscode:
        return
    if loaded_project(app.env) is None:
        return
    project = get_project(app.env)
    outdir = Path(app.outdir)
    names = guide_names(app)
    store = Path(app.doctreedir) / "guidekit-single-page.pickle"
    kept = _load_kept(store, outdir)
    written = [
        _write_single_page(app, guide, _("{guide} (one page)").format(guide=names[guide.id]), kept)
        for guide in project.manifest.guides
    ]
    if any(written):
        _save_kept(store, outdir, kept)


def _write_single_page(app: Sphinx, guide: Guide, title: str, kept: Kept) -> bool:
    """One guide's ``all.html``, unless a page failed or none was written again;
    ``kept``: what earlier joins made, updated with what is joined now. Whether it
    was written."""
    outdir = Path(app.outdir)
    suffix = str(getattr(app.builder, "out_suffix", ".html"))
    docnames = guide_pages(app.env, guide.docname)
    files = [outdir / f"{docname}{suffix}" for docname in docnames]
    if not all(f.is_file() for f in files):
        return False  # a page failed: the build reports it, no half page
    dirname = posixpath.dirname(guide.docname)
    target = outdir / dirname / PAGE
    if is_up_to_date(target, files):
        return False  # none of its pages written again: joining costs more than it all
    pages = [(d, f.read_text("utf-8")) for d, f in zip(docnames, files, strict=True)]
    made: dict[str, Joined] = {}
    try:
        feedback = feedback_link(app, guide.docname, title, f"{dirname}/{PAGE}")
        joined = join_guide(pages, title, feedback, kept, made)
    except GuideError as error:
        report(error, env=app.env)
        return False
    kept.update(made)
    temporary = target.with_name(f".{PAGE}.tmp")
    temporary.write_text(joined, "utf-8")
    temporary.replace(target)
    return True


#: What the kept steps and frames were made by: the code that joins and keeps
#: them, for this output folder.
_MADE_BY = hashlib.sha256(
    Path(join_module.__file__).read_bytes() + Path(__file__).read_bytes()
).hexdigest()
Kept = dict[str, Joined]


def _load_kept(store: Path, outdir: Path) -> Kept:
    """The steps and frames joined by earlier builds, by docname; none when they
    were made by other code or for another folder."""
    try:
        with store.open("rb") as file:
            kept = pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return {}
    if not isinstance(kept, dict) or kept.get("made_by") != (_MADE_BY, str(outdir)):
        return {}
    joined: Kept = kept.get("joined", {})
    return joined


def _save_kept(store: Path, outdir: Path, kept: Kept) -> None:
    temporary = store.with_name(f".{store.name}.tmp")
    with temporary.open("wb") as file:
        pickle.dump({"made_by": (_MADE_BY, str(outdir)), "joined": kept}, file)
    temporary.replace(store)


def setup_single_page(app: Sphinx) -> None:
    app.connect("build-finished", _write_single_pages)


__all__ = [
    "PAGE",
    "JoinedFrame",
    "JoinedStep",
    "guide_pages",
    "is_up_to_date",
    "join_guide",
    "setup_single_page",
]
