"""The writer's format: parameters under `with:`, titles chosen by parameter, no
computed values, the `when:` vocabulary and the upgrade phase in the manifest,
JSON Schemas exported for editors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from cmdlint.model import ReleasePhase
from guidekit.cli import main
from guidekit.files import schemas
from guidekit.model.errors import GuideError
from guidekit.model.manifest import parse_manifest
from guidekit.model.procedures import parse_procedure
from guidekit.model.project import load_project
from guidekit.model.yamldata import parse_yaml

REPO = Path(__file__).resolve().parents[2]
PROJECT = load_project(
    REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
)
SCHEMA_DIR = REPO / "procedures" / "schemas"

VARIANTS = """---
id: demo
title:
  mode=enable: Enabling it
  mode=disable: Disabling it
summary: "Turn it {{ params.mode }}."
params:
  mode: {type: choice, choices: [enable, disable]}
---
Body.
"""


def test_title_variants_follow_the_parameter() -> None:
    proc = parse_procedure(VARIANTS, "procedures/demo.md")
    assert proc.text("title", {"mode": "enable"}) == "Enabling it"
    assert proc.text("title", {"mode": "disable"}) == "Disabling it"
    assert proc.text("summary", {"mode": "disable"}) == "Turn it {{ params.mode }}."


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (("  mode=disable: Disabling it\n", ""), "one variant for each value of 'mode'", 3),
        (("mode=disable:", "kind=disable:"), "must all name one choice or bool parameter", 3),
        (
            (
                'summary: "Turn it {{ params.mode }}."',
                "summary: \"{{ 'On' if params.mode == 'enable' else 'Off' }}\"",
            ),
            "the summary computes a value",
            6,
        ),
        (("Body.", "Channel {{ eap[-2].channel }}."), "picks a value by position", 10),
    ],
)
def test_expressions_and_bad_variants_are_errors(
    change: tuple[str, str], message: str, line: int
) -> None:
    with pytest.raises(GuideError) as info:
        parse_procedure(VARIANTS.replace(*change), "procedures/demo.md")
    assert message in info.value.message
    assert info.value.line == line


def test_no_procedure_computes_in_titles_or_picks_by_position() -> None:
    for path in sorted((REPO / "procedures").glob("*.md")):
        if path.name == "README.md":
            continue  # it shows what not to write
        text = path.read_text("utf-8")
        assert not re.search(r"\[-\d+\]", text), path
        assert " if params." not in text.split("---")[1], path


MANIFEST = """topologies:
  local-db: Local
conditions:
  colour: {values: [red, blue], meaning: the colour}
guides:
  - id: g
    title: G
    topology: local-db
    from: "4.3"
    to: "4.4"
    steps:
      - before
      - slug: {with: {slug: a-parameter-named-slug}, when: {colour: red}}
      - upgrade: {phase: upgrade}
      - after
product: Demo
"""


def test_parameters_go_under_with_and_may_be_named_like_options() -> None:
    manifest = parse_manifest(MANIFEST, "guides.yaml")
    guide = manifest.guides[0]
    step = guide.steps[1]
    assert step.params == {"slug": "a-parameter-named-slug"} and step.slug == "slug"
    assert manifest.conditions == {"topology": ("local-db",), "colour": ("red", "blue")}
    phases = [guide.phase(s) for s in guide.steps]
    assert phases == [ReleasePhase.FROM, ReleasePhase.FROM, None, ReleasePhase.TO]
    assert all(p is None or type(p) is ReleasePhase for p in phases)


def test_the_when_vocabulary_is_data() -> None:
    with pytest.raises(GuideError, match=r"when\.colour: 'green' is not one of") as info:
        parse_manifest(MANIFEST.replace("{colour: red}", "{colour: green}"), "guides.yaml")
    assert info.value.line == 13
    with pytest.raises(GuideError, match=r"'size' was unexpected"):
        parse_manifest(MANIFEST.replace("{colour: red}", "{size: big}"), "guides.yaml")


def test_the_real_manifest_declares_the_phase_of_its_upgrades() -> None:
    for guide in PROJECT.manifest.guides:
        if guide.kind == "upgrade":
            assert any(s.phase == "upgrade" for s in guide.steps), guide.id
            assert guide.phase(guide.steps[0]) is ReleasePhase.FROM
            assert guide.phase(guide.steps[-1]) is ReleasePhase.TO


def test_exported_schemas_are_current() -> None:
    """Fails when a schema changed in the code but `guidekit schemas` was not run."""
    assert schemas.stale(SCHEMA_DIR, REPO / "source" / "guides.yaml") == [], (
        "run `guidekit schemas` and commit procedures/schemas/"
    )
    assert main(["schemas", "--check", "--root", str(REPO)]) == 0


def _load(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((SCHEMA_DIR / name).read_text("utf-8"))
    return data


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("source/guides.yaml", "manifest.schema.json"),
        ("procedures/versions.yaml", "versions.schema.json"),
        ("procedures/states.yaml", "states.schema.json"),
    ],
)
def test_yaml_files_name_and_pass_their_schema(path: str, schema: str) -> None:
    text = (REPO / path).read_text("utf-8")
    comment = re.search(r"^# yaml-language-server: \$schema=(\S+)$", text, re.M)
    assert comment, f"{path} has no yaml-language-server comment"
    assert ((REPO / path).parent / comment.group(1)).resolve() == SCHEMA_DIR / schema
    jsonschema.validate(json.loads(json.dumps(parse_yaml(text, path))), _load(schema))


def test_front_matter_passes_its_schema() -> None:
    schema = _load("front-matter.schema.json")
    for path in sorted((REPO / "procedures").glob("*.md")):
        if path.name == "README.md":
            continue
        front = path.read_text("utf-8").split("---\n")[1]
        jsonschema.validate(json.loads(json.dumps(parse_yaml(front, path))), schema)


def test_a_stale_schema_is_reported(tmp_path: Path) -> None:
    schemas.write(tmp_path, REPO / "source" / "guides.yaml")
    assert schemas.stale(tmp_path, REPO / "source" / "guides.yaml") == []
    (tmp_path / "states.schema.json").write_text("{}", encoding="utf-8")
    assert schemas.stale(tmp_path, REPO / "source" / "guides.yaml") == ["states.schema.json"]
