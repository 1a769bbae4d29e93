"""Pages that depend on what a file says, not on when it was last written.

Sphinx reads a page again when a file it depends on (``env.note_dependency``)
is newer than the page. A guide's front page shows what its procedures say:
the summaries of its steps, and the pre-flight list, which the walk derives
from every procedure the guide renders. Noted by time, touching one shared
procedure (a checkout, an editor saving it unchanged) would read every front
page of every guide that uses it again, each with a walk of its guide.

So the front page notes these files by content: the domain keeps a digest of
each, and before reading (``env-get-outdated``) the pages whose files now say
something else are read again, and only those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING

from guidekit.sphinx_ext.domain import guide_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def digest(path: str) -> str:
    """The digest of a file's bytes; empty for a file that cannot be read (a file
    that appears there later is a change)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def note_content_dependency(env: BuildEnvironment, path: str) -> None:
    """The page being read shows what ``path`` says: read it again when that changes."""
    guide_domain(env).note_content(env.docname, str(path), digest(str(path)))


def outdated_by_content(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: the pages one of whose files says something else now."""
    known: dict[str, str] = {}
    outdated = []
    for docname, files in guide_domain(env).contents.items():
        if docname in added or docname in changed or docname in removed:
            continue
        if docname not in env.found_docs:
            continue
        for path, noted in files.items():
            if known.setdefault(path, digest(path)) != noted:
                outdated.append(docname)
                break
    return sorted(outdated)


def setup_content_dependencies(app: Sphinx) -> None:
    app.connect("env-get-outdated", outdated_by_content)
