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
