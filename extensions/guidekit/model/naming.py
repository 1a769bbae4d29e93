"""The naming scheme of the assembled guides: page names and section labels.

Every page name (docname) and section label that the extension writes or links
to is made here, so that the stub pages, the assembly directives, the upgrade
helper and the command linter can never disagree:

- a guide's front page is ``guides/<guide-id>/index``;
- a step's page is ``guides/<guide-id>/<step-slug>``;
- a step's section label is ``<guide-id>/<step-slug>``;
- a procedure included as a section of a step is labelled
  ``<parent-label>/<procedure-id>``, repeats on one page numbered ``-2``, ``-3``...
"""

from __future__ import annotations

#: The folder of the source directory that holds the generated stub pages.
STUB_DIR = "guides"
_INDEX = "index"


def guide_docname(guide_id: str) -> str:
    """The page name of a guide's front page."""
    return f"{STUB_DIR}/{guide_id}/{_INDEX}"


def step_docname(guide_id: str, slug: str) -> str:
    """The page name of one step of a guide."""
    return f"{STUB_DIR}/{guide_id}/{slug}"


def parse_docname(docname: str) -> tuple[str, str | None] | None:
    """(guide id, step slug or None for the front page) of a generated page name,
    or None for any other page: the inverse of the two functions above."""
    parts = docname.split("/")
    if len(parts) != 3 or parts[0] != STUB_DIR or not parts[1] or not parts[2]:
        return None
    return parts[1], (None if parts[2] == _INDEX else parts[2])


def is_guide_page(docname: str) -> bool:
    """True for the pages generated for the guides (front pages and steps)."""
    return parse_docname(docname) is not None


def step_label(guide_id: str, slug: str) -> str:
    """The section label (and ``{procref}`` target) of a step of a guide."""
    return f"{guide_id}/{slug}"


def included_label(parent_label: str, procedure_id: str, taken: set[str]) -> str:
    """The label of a procedure included as a section under ``parent_label``.

    ``taken`` holds the labels already used on the page; the same procedure
    included twice gets ``-2``, ``-3``... The new label is added to ``taken``.
    """
    base = label = f"{parent_label}/{procedure_id}"
    count = 1
    while label in taken:
        count += 1
        label = f"{base}-{count}"
    taken.add(label)
    return label
