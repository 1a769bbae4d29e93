"""Guide kinds are the manifest's data (``kinds:``): which guides make up paths,
which lead on to the next, the sentence of their front pages, and the default."""

from __future__ import annotations

import pytest

from guidekit.checklist import core as checklist
from guidekit.model.errors import GuideError
from guidekit.model.manifest import DEFAULT_KINDS, parse_manifest
from guidekit.sphinx_ext.assembly import intro_sentence

GUIDES = """\
product: Tinyshop
topologies:
  one: One server
  any: Every installation
{KINDS}
guides:
  - id: a
    title: A
    topology: one
    from: "1.0"
    to: "2.0"
    steps: [first]
  - id: b
    title: B
    topology: one
    from: "2.0"
    to: "3.0"
    steps: [first]
  - id: c
    title: C
    kind: {C_KIND}
    topology: any
    from: "3.0"
    to: "3.0"
    steps: [first]
"""

KINDS = """\
kinds:
  migration: {path: true, continues: true, sentence: upgrade, default: new-release}
  note: {sentence: update}
"""


def test_the_manifests_kinds_drive_paths_sentences_and_the_next_guide() -> None:
    manifest = parse_manifest(
        GUIDES.replace("{KINDS}", KINDS).replace("{C_KIND}", "note"), "g.yaml"
    )
    a, b, c = manifest.guides
    assert (a.kind, b.kind, c.kind) == ("migration", "migration", "note")
    assert checklist.path_guides(manifest) == [a, b]
    assert manifest.following(a) is b
    assert manifest.following(b) is None
    assert intro_sentence(c, manifest.product, manifest.kind(c).sentence) == (
        "These steps update Tinyshop 3.0 to its latest minor release; follow them in order."
    )


def test_a_kind_that_does_not_continue_has_no_next_guide() -> None:
    kinds = KINDS.replace("continues: true, ", "")
    manifest = parse_manifest(GUIDES.replace("{KINDS}", kinds).replace("{C_KIND}", "note"), "g")
    assert manifest.following(manifest.guides[0]) is None


def test_without_kinds_the_default_kinds_apply() -> None:
    manifest = parse_manifest(
        GUIDES.replace("{KINDS}", "").replace("{C_KIND}", "appendix"), "g.yaml"
    )
    assert manifest.kinds == DEFAULT_KINDS
    assert [g.kind for g in manifest.guides] == ["upgrade", "upgrade", "appendix"]
    assert checklist.path_guides(manifest) == list(manifest.guides[:2])


def test_an_undeclared_kind_names_the_manifest_line() -> None:
    text = GUIDES.replace("{KINDS}", KINDS).replace("{C_KIND}", "appendix")
    with pytest.raises(GuideError) as info:
        parse_manifest(text, "g")
    assert info.value.line == text.splitlines().index("    kind: appendix") + 1
    assert "'appendix' is not one of ['migration', 'note']" in info.value.message


def test_a_guide_without_kind_and_no_fitting_default_is_an_error() -> None:
    kinds = KINDS.replace(", default: new-release", "")
    with pytest.raises(GuideError, match="no kind under 'kinds' has 'default: new-release'"):
        parse_manifest(GUIDES.replace("{KINDS}", kinds).replace("{C_KIND}", "note"), "g")


def _without_from(guide_id: str, text: str) -> str:
    """``text`` with the ``from:`` line of guide ``guide_id`` left out."""
    lines = text.splitlines(keepends=True)
    start = lines.index(f"  - id: {guide_id}\n")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("    from: "))
    return "".join(lines[:at] + lines[at + 1 :])


def test_a_supplement_or_an_update_needs_only_to() -> None:
    """Kinds whose sentence is not ``upgrade`` name only the release they are for:
    ``from`` is then that release."""
    for c_kind, kinds in (("appendix", ""), ("note", KINDS)):
        text = GUIDES.replace("{KINDS}", kinds).replace("{C_KIND}", c_kind)
        manifest = parse_manifest(_without_from("c", text), "g.yaml")
        c = manifest.guides[2]
        assert (c.kind, c.from_version, c.to_version) == (c_kind, "3.0", "3.0")
        assert manifest.kind(c).versions == "to"
        assert manifest.guides[:2] == parse_manifest(text, "g.yaml").guides[:2]


def test_an_upgrade_without_from_names_the_guides_line() -> None:
    text = _without_from("b", GUIDES.replace("{KINDS}", KINDS).replace("{C_KIND}", "note"))
    with pytest.raises(GuideError) as info:
        parse_manifest(text, "g.yaml")
    assert info.value.line == text.splitlines().index("  - id: b") + 1
    assert str(info.value.path) == "g.yaml"
    assert info.value.message.startswith("guide 'b' has no 'from:' (the release it starts")
    text = text.replace("  - id: b\n", "  - id: b\n    kind: migration\n")
    with pytest.raises(GuideError) as info:
        parse_manifest(text, "g.yaml")
    assert info.value.line == text.splitlines().index("  - id: b") + 1
    assert "guide 'b' has no 'from:': guides of kind 'migration'" in info.value.message


def test_versions_in_kinds_says_which_releases_a_kind_needs() -> None:
    """``versions: from-to`` makes a supplement name both; ``versions: to`` lets a
    kind of upgrade sentence name one; anything else is refused at its line."""
    strict = KINDS.replace(
        "note: {sentence: update}", "note: {sentence: update, versions: from-to}"
    )
    text = _without_from("c", GUIDES.replace("{KINDS}", strict).replace("{C_KIND}", "note"))
    with pytest.raises(GuideError, match="guide 'c' has no 'from:'"):
        parse_manifest(text, "g.yaml")
    loose = KINDS.replace("default: new-release}", "default: new-release, versions: to}")
    text = _without_from("b", GUIDES.replace("{KINDS}", loose).replace("{C_KIND}", "note"))
    text = text.replace("  - id: b\n", "  - id: b\n    kind: migration\n")
    b = parse_manifest(text, "g.yaml").guides[1]
    assert (b.kind, b.from_version, b.to_version) == ("migration", "3.0", "3.0")
    bad = KINDS.replace("note: {sentence: update}", "note: {sentence: update, versions: all}")
    text = GUIDES.replace("{KINDS}", bad).replace("{C_KIND}", "note")
    with pytest.raises(GuideError, match="'all' is not one of") as info:
        parse_manifest(text, "g.yaml")
    assert (
        info.value.line == text.splitlines().index("  note: {sentence: update, versions: all}") + 1
    )


def test_to_is_always_needed() -> None:
    text = GUIDES.replace("{KINDS}", "").replace("{C_KIND}", "appendix")
    text = text.replace('    to: "3.0"\n    steps', "    steps", 1)
    with pytest.raises(GuideError, match="'to' is a required property"):
        parse_manifest(text, "g.yaml")
