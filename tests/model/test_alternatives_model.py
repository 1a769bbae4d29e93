"""Choices in the manifest (``one-of``) whose alternatives are one step or several
(``if:`` + ``steps:``): parsing, numbering, the reader's order, errors."""

from __future__ import annotations

import re

import pytest

from guidekit.model.errors import GuideError
from guidekit.model.manifest import Guide, parse_manifest

MANIFEST = """\
topologies:
  self-hosted: SHE
conditions:
  gluster: {values: [true, false]}
guides:
  - id: g
    title: G
    topology: self-hosted
    from: "4.3"
    to: "4.4"
    steps:
      - first
      - one-of:
          - if: Storage outside the hosts
            steps:
              - upgrade: {phase: upgrade}
              - migrate
          - if: Gluster
            when: {gluster: true}
            steps:
              - gluster: {phase: upgrade}
      - optional-step: {optional: true}
      - one-of:
          - a: {if: "Case A"}
          - b: {if: "Case B", when: {gluster: false}}
product: Demo
"""


def guide(text: str = MANIFEST) -> Guide:
    return parse_manifest(text, "guides.yaml").guides[0]


def test_an_alternative_of_several_steps_is_one_branch() -> None:
    g = guide()
    items = g.outline()
    assert [i.number for i in items] == [1, 2, 3, 4]
    choice = items[1]
    assert choice.is_choice and not items[0].is_choice
    assert [(b.letter, b.condition, [s.slug for s in b.steps]) for b in choice.branches] == [
        ("A", "Storage outside the hosts", ["upgrade", "migrate"]),
        ("B", "Gluster", ["gluster"]),
    ]
    # The branch's `when` is the checklist's: it holds for each of its steps.
    assert choice.branches[1].when == {"gluster": (True,)}
    assert g.steps[g.step_index("gluster")].when == {"gluster": (True,)}
    assert choice.branches[0].when == {}
    # Each step keeps its line, its case and its branch.
    migrate = g.steps[g.step_index("migrate")]
    assert (migrate.line, migrate.condition, migrate.branch) == (17, "Storage outside the hosts", 0)


def test_numbers_say_one_of_with_a_letter_and_part_of_with_a_dot() -> None:
    g = guide()
    assert [g.number(s) for s in g.steps] == ["1", "2A.1", "2A.2", "2B", "3", "4A", "4B"]
    assert g.secnumber(g.steps[1]) == ("2A", 1)
    assert g.secnumber(g.steps[3]) == ("2B",)
    assert g.secnumber(g.steps[0]) == (1,)


def test_next_and_previous_never_enter_a_sibling_branch() -> None:
    g = guide()
    slugs = [s.slug for s in g.steps]

    def following(slug: str) -> str | None:
        found = g.next_index(slugs.index(slug))
        return None if found is None else slugs[found]

    def previous(slug: str) -> str | None:
        found = g.previous_index(slugs.index(slug))
        return None if found is None else slugs[found]

    assert [following(s) for s in slugs] == [
        "upgrade",
        "migrate",
        "optional-step",
        "optional-step",
        "a",
        None,
        None,
    ]
    # Back from a branch: the step before the choice; back from after a choice: the
    # choice's first page, which lists every branch.
    assert [previous(s) for s in slugs] == [
        None,
        "first",
        "upgrade",
        "first",
        "upgrade",
        "optional-step",
        "optional-step",
    ]


def test_the_phase_of_a_branch_ignores_its_siblings() -> None:
    g = guide()
    phases = {s.slug: g.phase(s) for s in g.steps}
    # "migrate" comes after its own branch's upgrade: on the new release.
    assert phases == {
        "first": "from",
        "upgrade": None,
        "migrate": "to",
        "gluster": None,
        "optional-step": "to",
        "a": "to",
        "b": "to",
    }


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "          - if: Gluster\n",
            "          - iff: Gluster\n",
            r"one-of\.1: 'if' is a required property",
        ),
        (
            "            steps:\n              - gluster: {phase: upgrade}\n",
            "            steps: []\n",
            r"one-of\.1\.steps: \[\] should be non-empty",
        ),
        (
            "            when: {gluster: true}\n",
            "            when: {glusterfs: true}\n",
            r"one-of\.1\.when: Additional properties are not allowed \('glusterfs'",
        ),
        (
            "              - migrate\n",
            "              - migrate: {if: nested}\n",
            r"one-of\.0\.steps\.1\.migrate: Additional properties are not allowed \('if'",
        ),
        (
            "          - if: Storage outside the hosts\n",
            "          - when: {gluster: false}\n",
            r"one-of\.0: 'if' is a required property",
        ),
    ],
)
def test_a_bad_branch_names_the_file_line_and_key(old: str, new: str, message: str) -> None:
    assert old in MANIFEST
    with pytest.raises(GuideError) as info:
        parse_manifest(MANIFEST.replace(old, new, 1), "guides.yaml")
    assert info.value.path == "guides.yaml"
    assert info.value.line is not None and 12 <= info.value.line <= 22
    assert re.search(message, info.value.message), info.value.message


def test_a_slug_used_in_two_branches_is_refused() -> None:
    text = MANIFEST.replace(
        "              - gluster: {phase: upgrade}\n", "              - migrate\n"
    )
    with pytest.raises(GuideError, match="two steps named 'migrate'") as info:
        parse_manifest(text, "guides.yaml")
    assert info.value.line == 21
