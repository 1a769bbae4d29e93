"""Pages publish files of the project only.

A procedure can make a page read a file: ``{literalinclude}``, ``{include}``,
an image, a ``{download}``. A path that leaves the project (``../../../etc/x``,
an absolute path, a link to outside) would publish that file; such content is
removed from the page and is an error naming the procedure's file and line
(any error fails the build, :mod:`guidekit.sphinx_ext.health`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from guidekit.model.errors import GuideError, Kind
from guidekit.sphinx_ext.context import project_paths, report

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _files(env: BuildEnvironment, docname: str, node: nodes.Element) -> Iterator[str]:
    """The files ``node`` was read from or makes the build copy."""
    if isinstance(node, nodes.image):
        for uri in (node.get("uri", ""), *node.get("candidates", {}).values()):
            if uri and "://" not in uri and not uri.startswith("data:"):
                yield str(Path(env.srcdir) / uri)
    elif isinstance(node, addnodes.download_reference) and "://" not in node["reftarget"]:
        yield env.relfn2path(node["reftarget"], docname)[1]
    # literalinclude's block names its file; an included file's nodes have it as source
    for source in (node.get("source"), node.source):
        if isinstance(source, str) and Path(source).is_absolute():
            yield source


def _inside(path: str, root: Path) -> bool:
    resolved = Path(path).resolve()
    return resolved == root or root in resolved.parents


def _drop_download(env: BuildEnvironment, docname: str, node: nodes.Element) -> None:
    """Take the file off the list the builder copies into ``_downloads``."""
    filename = Path(env.relfn2path(node["reftarget"], docname)[0])
    downloads: dict[Any, tuple[set[str], Any]] = env.dlfiles  # keys: str or Path by version
    for key in [k for k in downloads if Path(k) == filename]:
        downloads[key][0].discard(docname)
        if not downloads[key][0]:
            del downloads[key]


def refuse_outside_files(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remove content read from outside the project, with an error."""
    env = app.env
    root = project_paths(app).root
    removed: set[int] = set()
    for node in list(doctree.findall(nodes.Element)):
        if node is doctree or node.parent is None or _within(node, removed):
            continue
        outside = next((f for f in _files(env, env.docname, node) if not _inside(f, root)), None)
        if outside is None:
            continue
        where, line = _location(node, root, str(env.doc2path(env.docname)))
        report(
            GuideError(
                f"{outside} is outside the project ({root}); a page publishes "
                "the project's files only, so this content is left out",
                where,
                line,
                Kind.FILE,
            ),
            env=env,
        )
        if isinstance(node, addnodes.download_reference):
            _drop_download(env, env.docname, node)
        node.parent.remove(node)
        removed.add(id(node))


def _location(node: nodes.Node, root: Path, page: str) -> tuple[str, int | None]:
    """The procedure (file, line) of ``node``, or of the nearest enclosing node
    that has one (an included file's nodes carry that file's own lines)."""
    here: nodes.Node | None = node
    while here is not None:
        if here.source and here.source != page and _inside(here.source, root):
            return here.source, here.line
        here = here.parent
    return page, None


def _within(node: nodes.Node, removed: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if id(parent) in removed:
            return True
        parent = parent.parent
    return False


def setup_file_access(app: Sphinx) -> None:
    # After Sphinx's collectors (priority 500), which resolve image and download paths.
    app.connect("doctree-read", refuse_outside_files, priority=900)
