"""Unit tests of the pure core: procedures, templates, matrix, manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidekit.model.errors import GuideError, read_text
from guidekit.model.manifest import check_manifest, parse_manifest
from guidekit.model.matrix import load_matrix, load_schema, parse_matrix, schema_path
from guidekit.model.procedures import Library, bind_params, parse_procedure
from guidekit.model.stubs import stub_pages
from guidekit.model.templating import render_template

REPO = Path(__file__).resolve().parents[2]
MATRIX = load_matrix(REPO / "procedures" / "versions.yaml")

PROC = """---
id: demo
title: Demo
summary: Do the demo.
applies-to:
  topology: [self-hosted]
params:
  mode:
    type: choice
    choices: [enable, disable]
  count:
    type: int
    default: 2
---
Body line one.
"""


def test_parse_procedure_reads_front_matter_and_body_line() -> None:
    proc = parse_procedure(PROC, "procedures/demo.md")
    assert proc.id == "demo"
    assert proc.body_line == 15
    assert proc.body == "Body line one.\n"
    assert proc.params["mode"].required and not proc.params["count"].required
    assert proc.applies({"topology": "local-db"}) is not None
    assert proc.applies({"topology": "self-hosted"}) is None


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("no front matter\n", 1, "must start with front matter"),
        ("---\nid: demo\ntitle: x\n", 1, "not closed"),
        ("---\nid: demo\ntitle: [x\nsummary: s\n---\n", 4, "invalid YAML"),
        ("---\nid: demo\ntitle: t\n---\n", 2, "'summary' is a required property"),
        ("---\nid: other\ntitle: t\nsummary: s\n---\n", 2, "does not match the file name"),
        (
            "---\nid: demo\ntitle: t\nsummary: s\nparams:\n  x:\n    type: choice\n---\n",
            7,
            "needs 'choices'",
        ),
        (
            "---\nid: demo\ntitle: t\nsummary: s\ncolour: red\n---\n",
            2,
            "Additional properties are not allowed",
        ),
    ],
)
def test_bad_front_matter_names_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(GuideError) as info:
        parse_procedure(text, "procedures/demo.md")
    assert info.value.line == line
    assert fragment in info.value.message
    assert str(info.value).startswith(f"procedures/demo.md:{line}: ")


def test_bind_params_checks_names_types_and_required() -> None:
    proc = parse_procedure(PROC, "procedures/demo.md")
    values, problems = bind_params(proc, {"mode": "enable"})
    assert values == {"mode": "enable", "count": 2} and problems == []
    _, problems = bind_params(proc, {})
    assert problems == ["procedure 'demo' needs parameter 'mode' (choice)"]
    _, problems = bind_params(proc, {"mode": "globl"})
    assert "expected one of enable, disable" in problems[0]
    _, problems = bind_params(proc, {"mode": "enable", "count": "two", "extra": 1})
    assert any("has no parameter 'extra'" in p for p in problems)
    assert any("expected a whole number" in p for p in problems)


def test_render_keeps_template_lines_for_each_output_line() -> None:
    source = "a {{ x }}\n{% if x == 1 %}\nyes\n{% endif %}\nend\n"
    rendered = render_template(source, {"x": 1}, "p.md", first_line=10)
    assert rendered.text == "a 1\nyes\nend\n"
    assert rendered.source_line(2) == 12
    assert rendered.source_line(3) == 14


def test_undefined_variable_is_an_error_with_file_and_line() -> None:
    with pytest.raises(GuideError) as info:
        render_template("ok\n\n{{ dst.nothing }}\n", {"dst": {}}, "p.md", first_line=5)
    assert (info.value.path, info.value.line, info.value.kind) == ("p.md", 7, "undefined")


def test_template_sandbox_blocks_unsafe_access() -> None:
    with pytest.raises(GuideError):
        render_template("{{ ''.__class__.__mro__ }}", {}, "p.md")


def test_enable_repos_renders_continued_options() -> None:
    text = render_template(
        "# subscription-manager repos {{ enable_repos(['a', 'b']) }}", {}, "p.md"
    ).text
    assert text == "# subscription-manager repos \\\n    --enable=a \\\n    --enable=b"


def test_matrix_lookups() -> None:
    """The project's helpers (procedures/macros.jinja) pick facts by rule."""
    from guidekit.model.manifest import guide_context, load_manifest

    manifest = load_manifest(REPO / "source" / "guides.yaml")
    context = guide_context(manifest.by_id["minor-4.4"], manifest, MATRIX)
    assert context["eap_channel"]("4.4", "4.4.8") == "jb-eap-7.3-for-rhel-8-x86_64-rpms"
    assert context["eap_channel"]("4.4", "4.4.9") == "jb-eap-7.4-for-rhel-8-x86_64-rpms"
    assert [context["virt_stream"](z) for z in ("4.4.2", "4.4.4", "4.4.10", "4.4.11")] == [
        "8.2",
        "8.3",
        "av",
        "rhel",
    ]
    assert context["virt"]["current"]["name"] == "4.4 SP1"
    with pytest.raises(GuideError, match=r"no virt module stream is defined for 4\.3\.1"):
        render_template("{{ virt_stream('4.3.1') }}", context, "p.md")
    assert MATRIX.release("4.3")["postgresql"]["scl"] == "rh-postgresql10"
    assert MATRIX.release("4.2")["postgresql"]["scl"] == "rh-postgresql95"


def test_matrix_schema_error_names_key_and_line() -> None:
    text = (REPO / "procedures" / "versions.yaml").read_text(encoding="utf-8")
    broken = text.replace("package_manager: dnf", "package_manager: apt")
    with pytest.raises(GuideError) as info:
        parse_matrix(
            broken, "versions.yaml", load_schema(schema_path(REPO / "procedures" / "versions.yaml"))
        )
    assert "releases.4.4.package_manager" in info.value.message
    assert text.splitlines()[info.value.line - 1].strip() == "package_manager: dnf"


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"line one\nline \xff two\n")
    with pytest.raises(GuideError) as info:
        read_text(path)
    assert info.value.line == 2 and "UTF-8" in info.value.message


MANIFEST = """topologies:
  self-hosted: Self-hosted
guides:
  - id: g
    title: G
    topology: self-hosted
    from: "4.3"
    to: "4.4"
    steps:
      - demo: {with: {mode: enable}}
      - demo: {with: {mode: disable}, slug: demo-off}
product: Demo
"""


def test_manifest_steps_and_stub_pages() -> None:
    manifest = parse_manifest(MANIFEST, "guides.yaml")
    library = Library({"demo": parse_procedure(PROC, "procedures/demo.md")}, "procedures")
    check_manifest(manifest, library, MATRIX)
    guide = manifest.guides[0]
    assert [s.slug for s in guide.steps] == ["demo", "demo-off"]
    assert guide.steps[1].line == 11
    assert set(stub_pages(manifest)) == {"guides/g/index", "guides/g/demo", "guides/g/demo-off"}


@pytest.mark.parametrize(
    ("change", "fragment", "line"),
    [
        (("- demo: {with: {mode: enable}}", "- nosuch"), "unknown procedure 'nosuch'", 10),
        (("{mode: enable}", "{mode: on}"), "expected text", 10),
        (("{with: {mode: enable}}", "{}"), "needs parameter 'mode'", 10),
        (("{with: {mode: enable}}", "{mode: enable}"), "'mode' was unexpected", 10),
        (
            ("topology: self-hosted\n    from", "topology: local-db\n    from"),
            "'local-db' is not one of ['self-hosted', 'any']",
            6,
        ),
        ((", slug: demo-off", ""), "two steps named 'demo'", 11),
        (('to: "4.4"', 'to: "5.0"'), "not in the version matrix", 4),
    ],
)
def test_manifest_errors_name_the_line(change: tuple[str, str], fragment: str, line: int) -> None:
    library = Library({"demo": parse_procedure(PROC, "procedures/demo.md")}, "procedures")
    with pytest.raises(GuideError) as info:
        manifest = parse_manifest(MANIFEST.replace(*change), "guides.yaml")
        check_manifest(manifest, library, MATRIX)
    assert fragment in info.value.message
    assert info.value.line == line


def test_topologies_are_the_manifests() -> None:
    """Any topology names work; a procedure's applies-to must use the manifest's."""
    renamed = MANIFEST.replace("self-hosted", "single-host")
    manifest = parse_manifest(renamed, "guides.yaml")
    assert manifest.conditions["topology"] == ("single-host",)
    proc = parse_procedure(PROC.replace("self-hosted", "single-host"), "procedures/demo.md")
    check_manifest(manifest, Library({"demo": proc}, "procedures"), MATRIX)
    stale = parse_procedure(PROC, "procedures/demo.md")
    with pytest.raises(GuideError) as info:
        check_manifest(manifest, Library({"demo": stale}, "procedures"), MATRIX)
    assert "topology 'self-hosted' is not one of the manifest's topologies" in info.value.message
    assert (info.value.path, info.value.line) == ("procedures/demo.md", 5)


def test_downtime_names_what_the_manifest_declares() -> None:
    """A procedure's downtime: names something the manifest's downtime: declares."""
    text = PROC.replace("params:", "downtime:\n  shop: While it restarts.\nparams:")
    proc = parse_procedure(text, "procedures/demo.md")
    assert proc.checks.downtime == (("shop", "While it restarts."),)
    manifest = parse_manifest(MANIFEST + "downtime: {shop: Nobody can order.}\n", "guides.yaml")
    check_manifest(manifest, Library({"demo": proc}, "procedures"), MATRIX)
    assert manifest.downtime == {"shop": "Nobody can order."}
    with pytest.raises(GuideError, match="downtime: 'shop' is not declared"):
        check_manifest(
            parse_manifest(MANIFEST, "guides.yaml"), Library({"demo": proc}, "procedures"), MATRIX
        )
