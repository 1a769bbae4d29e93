"""The checklist core (guidekit.checklist.core) on the real manifest, and the
validation of the manifest's `when:` and `parts:` keys."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from guidekit.checklist import core as checklist
from guidekit.checklist import render as checklist_render
from guidekit.checklist.core import ChecklistError, Environment
from guidekit.model.errors import GuideError
from guidekit.model.manifest import parse_manifest
from guidekit.model.matrix import version_key
from guidekit.model.project import load_project

REPO = Path(__file__).resolve().parents[2]
PROJECT = load_project(
    REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
)
MANIFEST = PROJECT.manifest
TOPOLOGIES = checklist.env_topologies(MANIFEST)
PATHS = [("4.2", "4.3"), ("4.3", "4.4"), ("4.2", "4.4"), ("4.4", "4.4")]


def slugs(env: Environment) -> list[tuple[str, str]]:
    return [(g.id, e.step.slug) for g, entries in checklist.select(MANIFEST, env) for e in entries]


def env(
    current: str = "4.3",
    target: str = "4.4",
    topology: str = "self-hosted",
    host: str = "rhvh",
    *options: str,
) -> Environment:
    return Environment(current, target, topology, {"host-type": host}, frozenset(options))


@pytest.mark.parametrize(("current", "target"), PATHS)
@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_every_topology_and_path_chains_guides(current: str, target: str, topology: str) -> None:
    guides = checklist.find_path(MANIFEST, current, target, topology)
    assert guides[0].from_version == current
    assert guides[-1].to_version == target
    for first, second in itertools.pairwise(guides):
        assert first.to_version == second.from_version
    for guide in guides:
        assert guide.kind != "appendix"
        assert guide.topology in (topology, "any")
    # Upgrades go through every release in between, one guide per step.
    later = [
        v
        for v in checklist.versions(MANIFEST)
        if version_key(current) < version_key(v) <= version_key(target)
    ]
    expected = 1 if current == target else len(later)
    assert len(guides) == expected


def test_4_2_to_4_4_chains_both_guides_of_the_topology() -> None:
    for topology in TOPOLOGIES:
        guides = checklist.find_path(MANIFEST, "4.2", "4.4", topology)
        assert [(g.from_version, g.to_version) for g in guides] == [("4.2", "4.3"), ("4.3", "4.4")]
        assert {g.topology for g in guides} == {topology}
    steps = slugs(env("4.2", "4.4", "local-db"))
    first = [s for g, s in steps if g == "local-db-4.2-to-4.3"]
    second = [s for g, s in steps if g == "local-db-4.3-to-4.4"]
    # The first guide's steps come first, in manifest order, then the second's.
    assert steps == [("local-db-4.2-to-4.3", s) for s in first] + [
        ("local-db-4.3-to-4.4", s) for s in second
    ]
    assert first == [s.slug for s in MANIFEST.by_id["local-db-4.2-to-4.3"].steps if not s.when]


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        ("4.4", "4.3", r"4\.3 is older than the current release 4\.4"),
        ("4.3", "4.2", r"4\.2 is older than the current release 4\.3"),
        ("4.3", "4.3", r"No guide updates 4\.3 within its release"),
        ("4.1", "4.4", r"Unknown release 4\.1: choose one of 4\.2, 4\.3, 4\.4"),
        ("4.2", "5.0", r"Unknown release 5\.0"),
    ],
)
def test_impossible_paths_are_errors(current: str, target: str, message: str) -> None:
    with pytest.raises(ChecklistError, match=message):
        checklist.select(MANIFEST, env(current, target))


def test_unknown_choices_are_errors() -> None:
    with pytest.raises(ChecklistError, match="Unknown topology"):
        checklist.select(MANIFEST, env(topology="any"))
    with pytest.raises(
        ChecklistError, match="host-type: unknown value rhvhh; choose one of rhvh, rhel"
    ):
        checklist.select(MANIFEST, env(host="rhvhh"))
    with pytest.raises(ChecklistError, match="Unknown option ceph"):
        checklist.select(MANIFEST, env("4.3", "4.4", "self-hosted", "rhvh", "ceph"))


def test_options_add_and_remove_steps() -> None:
    base = slugs(env("4.3", "4.4", "local-db"))
    local = slugs(env("4.3", "4.4", "local-db", "rhvh", "local-storage"))
    gluster = slugs(env("4.3", "4.4", "local-db", "rhvh", "gluster"))
    assert set(local) - set(base) == {("local-db-4.3-to-4.4", "upgrade-rhvh-local-storage")}
    # Gluster (RHHI-V) is a self-hosted engine path: it changes nothing here.
    assert gluster == base
    # Both RHVH procedures are for RHVH hosts only.
    assert slugs(env("4.3", "4.4", "local-db", "rhel", "local-storage", "gluster")) == base
    # The extra step stands where the guide has it.
    assert (
        local.index(("local-db-4.3-to-4.4", "upgrade-rhvh-local-storage"))
        == local.index(("local-db-4.3-to-4.4", "migrate-hosts-4.3-to-4.4")) + 1
    )

    remote = slugs(env("4.3", "4.4", "remote-db"))
    dwh = slugs(env("4.3", "4.4", "remote-db", "rhvh", "remote-dwh"))
    assert set(dwh) - set(remote) == {("remote-db-4.3-to-4.4", "upgrade-remote-dwh-4.3-to-4.4")}

    old = slugs(env("4.2", "4.3", "self-hosted"))
    sha1 = slugs(env("4.2", "4.3", "self-hosted", "rhvh", "sha1"))
    # The SHA-1 step and its two ways (a choice: the reader picks one).
    assert set(sha1) - set(old) == {
        ("she-4.2-to-4.3", "replace-sha1-certificates"),
        ("she-4.2-to-4.3", "replace-sha1-browser-certificate"),
        ("she-4.2-to-4.3", "replace-sha1-all-certificates"),
    }


def parts(environment: Environment, slug: str) -> list[str]:
    return [
        p.procedure
        for _g, entries in checklist.select(MANIFEST, environment)
        for e in entries
        if e.step.slug == slug
        for p in e.parts
    ]


def test_options_choose_parts_and_alternatives() -> None:
    both = [("replace-sha1-browser-certificate", "11A"), ("replace-sha1-all-certificates", "11B")]
    sha1 = [
        (e.step.slug, e.number)
        for e in entries(env("4.2", "4.3", "local-db", "rhel", "sha1"))
        if e.step.slug.startswith("replace-sha1-") and e.group is not None
    ]
    assert sha1 == both
    # With an external CA only one way is left: no choice, and the guide's number.
    external = [
        (e.step.slug, e.number, e.group)
        for e in entries(env("4.2", "4.3", "local-db", "rhel", "sha1", "external-ca"))
        if e.step.slug.startswith("replace-sha1-")
    ]
    assert external == [
        ("replace-sha1-certificates", "10", None),
        ("replace-sha1-all-certificates", "11B", None),
    ]
    upgrade = "upgrade-manager-4.2-to-4.3"
    assert parts(env("4.2", "4.3", "remote-db", "rhel"), upgrade) == []
    assert parts(env("4.2", "4.3", "remote-db", "rhel", "remote-dwh"), upgrade) == [
        "complete-remote-dwh-upgrade"
    ]


def test_minor_update_follows_the_topology() -> None:
    she = slugs(env("4.4", "4.4", "self-hosted"))
    local = slugs(env("4.4", "4.4", "local-db"))
    assert ("minor-4.4", "update-she-4.4") in she
    assert ("minor-4.4", "update-manager") not in she
    assert ("minor-4.4", "update-manager") in local
    assert ("minor-4.4", "update-she-4.4") not in local
    assert checklist.normalize_version("4.4.z") == "4.4"


def _all_environments(current: str, target: str, topology: str) -> list[Environment]:
    return [
        Environment(current, target, topology, {"host-type": host}, frozenset(chosen))
        for host in MANIFEST.conditions["host-type"]
        for n in range(len(checklist.options(MANIFEST)) + 1)
        for chosen in itertools.combinations(checklist.options(MANIFEST), n)
    ]


@pytest.mark.parametrize(("current", "target"), PATHS)
@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_options_that_are_not_relevant_change_nothing(
    current: str, target: str, topology: str
) -> None:
    guides = checklist.find_path(MANIFEST, current, target, topology)
    relevant = checklist.relevant_facets(MANIFEST, guides)
    seen: set[tuple[tuple[str, str], ...]] = set()
    for environment in _all_environments(current, target, topology):
        result = tuple(slugs(environment))
        seen.add(result)
        for option in checklist.options(MANIFEST):
            if option not in relevant:
                toggled = environment.options ^ {option}
                other = Environment(current, target, topology, environment.choices, toggled)
                assert tuple(slugs(other)) == result, option
    # And a path with relevant conditions has more than one checklist.
    assert (len(seen) > 1) == bool(relevant)


def test_every_step_is_in_some_checklist() -> None:
    """No `when:` excludes a step from every environment (a dead step)."""
    listed: set[tuple[str, str]] = set()
    for (current, target, topology), found in checklist.all_paths(MANIFEST).items():
        if isinstance(found, ChecklistError):
            continue
        for environment in _all_environments(current, target, topology):
            listed.update(slugs(environment))
    expected = {(g.id, s.slug) for g in checklist.path_guides(MANIFEST) for s in g.steps}
    assert listed == expected


def test_data_has_titles_and_links() -> None:
    selection = checklist.select(MANIFEST, env("4.2", "4.4", "remote-db", "rhvh", "sha1"))
    titles = checklist_render.source_titles(PROJECT, [g for g, _e in selection])
    data = checklist_render.to_data(
        selection, lambda d, label: (titles[label], f"{d}.html#{checklist.anchor(label)}")
    )
    assert [g["guide"] for g in data] == ["remote-db-4.2-to-4.3", "remote-db-4.3-to-4.4"]
    step = data[0]["steps"][4]
    assert step["title"] == "Upgrading remote databases from PostgreSQL 9.5 to 10"
    assert step["href"] == (
        "guides/remote-db-4.2-to-4.3/upgrade-remote-postgresql.html"
        "#remote-db-4-2-to-4-3-upgrade-remote-postgresql"
    )
    text = checklist_render.to_markdown(data, "Checklist", "Optional:")
    assert text.startswith("# Checklist\n\n## [Upgrading a standalone Manager")
    assert "- [ ] 12. Do one of the following:" in text
    assert (
        "  - [ ] 12A. *Only the certificate that web browsers warn about:* [Preventing "
        "warning messages in the browser](" in text
    )
    # One line per step, and one per choice.
    choices = sum(len({s["group"] for s in g["steps"] if s["group"] is not None}) for g in data)
    assert (
        len(re.findall(r"^ *- \[ \] ", text, re.M)) == sum(len(g["steps"]) for g in data) + choices
    )


def test_holds() -> None:
    facts = env("4.3", "4.4", "local-db", "rhel", "gluster").facts(checklist.options(MANIFEST))
    assert checklist.holds({}, facts)
    assert checklist.holds({"topology": ("local-db", "remote-db"), "gluster": (True,)}, facts)
    assert not checklist.holds({"host-type": ("rhvh",), "gluster": (True,)}, facts)
    assert not checklist.holds({"sha1": (True,)}, facts)


# --- the manifest keys ------------------------------------------------------

MINI = """\
topologies:
  local-db: Local
conditions:
  host-type: {values: [rhvh, rhel]}
  gluster: {values: [true, false]}
  sha1: {values: [true, false]}
guides:
  - id: g
    title: G
    topology: local-db
    from: "4.3"
    to: "4.4"
    steps:
      - first
      - second: {STEP}
      - third
product: Demo
"""


def _parse(step: str) -> GuideError:
    with pytest.raises(GuideError) as info:
        parse_manifest(MINI.replace("{STEP}", step), "guides.yaml")
    return info.value


def test_when_and_parts_are_parsed() -> None:
    manifest = parse_manifest(
        MINI.replace(
            "{STEP}",
            "{when: {topology: [local-db], gluster: true},\n"
            "         parts: {x: {sha1: false}, y: {}}}",
        ),
        "guides.yaml",
    )
    second = manifest.guides[0].steps[1]
    assert second.when == {"topology": ("local-db",), "gluster": (True,)}
    assert [(p.procedure, p.when) for p in second.parts] == [("x", {"sha1": (False,)}), ("y", {})]
    assert second.params == {}
    # Lines stay right for steps after one that spans two lines.
    assert [s.line for s in manifest.guides[0].steps] == [14, 15, 17]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            "{when: {glusterfs: true}}",
            r"steps\.1\.second\.when: Additional properties are not allowed \('glusterfs'",
        ),
        (
            "{when: {host-type: rhvhh}}",
            r"steps\.1\.second\.when\.host-type: 'rhvhh' is not one of \['rhvh', 'rhel'\]",
        ),
        (
            "{when: {topology: [local-db, any]}}",
            r"steps\.1\.second\.when\.topology\.1: 'any' is not one of",
        ),
        ("{when: {topology: []}}", r"steps\.1\.second\.when\.topology: \[\] should be non-empty"),
        (
            "{when: {sha1: yes please}}",
            r"steps\.1\.second\.when\.sha1: 'yes please' is not of type",
        ),
        ("{when: {}}", r"steps\.1\.second\.when: \{\} should be non-empty"),
        ("{parts: {Bad_Id: {}}}", r"steps\.1\.second\.parts: 'Bad_Id' does not match"),
        ("{parts: {x: {remote: true}}}", r"steps\.1\.second\.parts\.x: Additional properties"),
    ],
)
def test_bad_conditions_name_file_line_and_key(step: str, message: str) -> None:
    error = _parse(step)
    assert error.path == "guides.yaml"
    assert error.line == 15
    assert re.search(message, error.message), error.message


def test_unknown_part_names_the_line() -> None:
    from guidekit.model.manifest import check_manifest

    text = (REPO / "source" / "guides.yaml").read_text("utf-8")
    part = "          parts: {complete-remote-dwh-upgrade:"
    assert part in text
    broken = text.replace(part, "          parts: {complete-everything:", 1)
    manifest = parse_manifest(broken, "guides.yaml")
    with pytest.raises(GuideError, match="unknown part 'complete-everything'") as info:
        check_manifest(manifest, PROJECT.library, PROJECT.matrix)
    assert info.value.line is not None
    line = broken.splitlines()[info.value.line - 1]
    assert "complete-everything" in line


# --- alternatives: the environment picks the branch, or the reader chooses -------------


def entries(environment: Environment) -> list[checklist.Entry]:
    return [e for _guide, found in checklist.select(MANIFEST, environment) for e in found]


@pytest.mark.parametrize(
    ("topology", "manager"),
    [
        ("local-db", "update-manager"),
        ("remote-db", "update-manager"),
        ("self-hosted", "update-she-4.4"),
    ],
)
def test_the_topology_picks_the_manager_update(topology: str, manager: str) -> None:
    found = entries(env("4.4", "4.4", topology, "rhel"))
    chosen = [e for e in found if e.step.procedure in ("update-manager", "update-she-4.4")]
    assert [(e.step.slug, e.group) for e in chosen] == [(manager, None)]
    hosts = [e for e in found if e.step.procedure.startswith("update-") and "host" in e.step.slug]
    # No condition tells the three host methods apart: the reader chooses.
    assert [e.step.slug for e in hosts] == [
        "update-all-hosts",
        "update-individual-hosts",
        "update-hosts-manually",
    ]
    assert len({e.group for e in hosts}) == 1 and hosts[0].group is not None


@pytest.mark.parametrize(
    ("host", "options", "upgrade"),
    [
        ("rhvh", ("gluster",), "upgrade-rhvh-gluster-storage"),
        ("rhvh", (), "upgrade-she-4.3-to-4.4"),
        ("rhel", ("gluster",), "upgrade-she-4.3-to-4.4"),
    ],
)
def test_gluster_on_rhvh_picks_the_hyperconverged_upgrade(
    host: str, options: tuple[str, ...], upgrade: str
) -> None:
    found = entries(env("4.3", "4.4", "self-hosted", host, *options))
    chosen = [
        e.step.slug
        for e in found
        if e.step.procedure in ("upgrade-she-4.3-to-4.4", "upgrade-rhvh-gluster-storage")
    ]
    assert chosen == [upgrade]
    standalone = entries(env("4.3", "4.4", "local-db", host, *options))
    assert "upgrade-rhvh-gluster-storage" not in [e.step.slug for e in standalone]


def test_a_choice_is_one_item_in_markdown() -> None:
    selection = checklist.select(MANIFEST, env("4.4", "4.4", "local-db", "rhvh"))
    data = checklist_render.to_data(selection, lambda docname, label: (label, f"{docname}.html"))
    text = checklist_render.to_markdown(data, "Checklist", "Optional:")
    lines = text.splitlines()
    at = lines.index("- [ ] 4. Do one of the following:")
    assert lines[at - 1].startswith("- [ ] 3A. [minor-4.4/update-manager]")  # picked: no choice
    assert lines[at + 1].startswith("  - [ ] 4A. *All hosts of a cluster at once")
    assert lines[at + 3].startswith("  - [ ] 4C. *Manually, on each host")
    assert lines[at + 4].startswith("- [ ] 5. [minor-4.4/change-cluster-compatibility]")
    assert "update-she-4.4" not in text


def test_sentences_name_the_manifests_product() -> None:
    from guidekit.sphinx_ext.assembly import intro_sentence

    manifest = parse_manifest(MINI.replace("{STEP}", "{}"), "guides.yaml")
    with pytest.raises(checklist.ChecklistError, match="Demo cannot be downgraded"):
        checklist.find_path(manifest, "4.4", "4.3", "local-db")
    guide = manifest.guides[0]
    assert intro_sentence(guide, manifest.product, manifest.kind(guide).sentence) == (
        "These steps upgrade Demo from 4.3 to 4.4; follow them in order."
    )


def test_an_alternative_of_several_steps_is_listed_as_a_sequence() -> None:
    """The Gluster branch replaces both the Manager upgrade and the host migration:
    "Migrating hosts" is part of the other branch, never listed after Gluster."""

    def numbered(*options: str, host: str = "rhvh") -> list[tuple[str, str]]:
        return [
            (e.step.slug, e.number)
            for e in entries(env("4.3", "4.4", "self-hosted", host, *options))
        ]

    gluster = numbered("gluster")
    assert ("upgrade-rhvh-gluster-storage", "7B") in gluster
    assert "migrate-hosts-4.3-to-4.4" not in [slug for slug, _n in gluster]
    plain = numbered()
    at = plain.index(("upgrade-she-4.3-to-4.4", "7A.1"))
    assert plain[at + 1] == ("migrate-hosts-4.3-to-4.4", "7A.2")
    assert "upgrade-rhvh-gluster-storage" not in [slug for slug, _n in plain]
    # Gluster with RHEL hosts: the hyperconverged branch does not apply.
    assert numbered("gluster", host="rhel") == numbered(host="rhel")
    # Both lead on to the same steps, numbered as the guide numbers them.
    assert (
        gluster[-3:]
        == plain[-3:]
        == [
            ("change-cluster-compatibility", "9"),
            ("change-vm-compatibility", "10"),
            ("change-dc-compatibility", "11"),
        ]
    )


def test_conditions_and_their_labels_are_the_manifests() -> None:
    """Any condition names: one that takes one of several values is a choice of its
    own; labels name the condition and its values; a label of no value is an error."""
    text = MINI.replace(
        "  host-type: {values: [rhvh, rhel]}\n",
        (
            "  database:\n    values: [postgres, mysql]\n    label: Database\n"
            "    labels: {postgres: PostgreSQL, mysql: MySQL}\n"
        ),
    ).replace(
        "  gluster: {values: [true, false]}", "  gluster: {values: [true, false], label: Cache}"
    )
    manifest = parse_manifest(text.replace("{STEP}", "{when: {database: mysql}}"), "guides.yaml")
    assert checklist.facets(manifest) == ("database",)
    assert checklist.options(manifest) == ("gluster", "sha1")
    assert (manifest.label("database"), manifest.label("database", "mysql")) == (
        "Database",
        "MySQL",
    )
    assert manifest.label("gluster") == "Cache" and manifest.label("sha1") == "sha1"

    def steps(database: str) -> list[str]:
        environment = Environment("4.3", "4.4", "local-db", {"database": database})
        return [
            e.step.slug for _g, entries in checklist.select(manifest, environment) for e in entries
        ]

    assert steps("mysql") == ["first", "second", "third"]
    assert steps("postgres") == ["first", "third"]
    with pytest.raises(ChecklistError, match="database: unknown value oracle"):
        steps("oracle")
    with pytest.raises(GuideError, match="label of 'sqlite', which is not one of its values"):
        parse_manifest(
            text.replace("mysql: MySQL", "sqlite: SQLite").replace("{STEP}", "{}"), "guides.yaml"
        )


def test_left_out_steps_explain_the_gaps_in_the_numbers() -> None:
    def left(environment: Environment) -> list[tuple[str, str]]:
        return [
            (g.id, g.number(s))
            for g, entries in checklist.select(MANIFEST, environment)
            for s in checklist.left_out(g, entries)
        ]

    # RHEL hosts: no local-storage reinstall (8), no Gluster; the other alternative
    # of the picked one is not "left out".
    assert left(env("4.3", "4.4", "self-hosted", "rhel", "gluster")) == [("she-4.3-to-4.4", "8")]
    assert left(env("4.3", "4.4", "self-hosted", "rhvh", "gluster", "local-storage")) == []
    # Without SHA-1 certificates the whole choice and its introduction are left out.
    assert left(env("4.2", "4.3", "local-db", "rhel")) == [
        ("local-db-4.2-to-4.3", "10"),
        ("local-db-4.2-to-4.3", "11A"),
        ("local-db-4.2-to-4.3", "11B"),
    ]
