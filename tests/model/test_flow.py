"""The sequence check: each flow rule both ways, alternatives, bad state data,
and the real guides (no error, every guide ends clean)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from guidekit.model.errors import GuideError
from guidekit.model.flow import RULES, check_project
from guidekit.model.manifest import Manifest, check_manifest, parse_manifest
from guidekit.model.matrix import load_matrix
from guidekit.model.procedures import Library, parse_procedure
from guidekit.model.project import Project, load_project
from guidekit.model.states import StateModel, load_states, parse_states

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "flow"
MATRIX = load_matrix(REPO / "procedures" / "versions.yaml")
CAPTIONS = frozenset({"manager", "she-node", "first-node", "host"})
MODEL = load_states(FIXTURES / "states.yaml", CAPTIONS)


def procedure(proc_id: str, body: str) -> str:
    return f"---\nid: {proc_id}\ntitle: {proc_id}\nsummary: Do {proc_id}.\n---\n" + textwrap.dedent(
        body
    )


PROCEDURES = {
    "maintenance-on": procedure(
        "maintenance-on",
        """\
        :::{steps}
        1. Enable global maintenance:

           ```{command} she-node
           # hosted-engine --set-maintenance --mode=global
           ```
        :::
        """,
    ),
    "maintenance-off": procedure(
        "maintenance-off",
        """\
        :::{steps}
        1. Disable global maintenance:

           ```{command} she-node
           # hosted-engine --set-maintenance --mode=none
           ```
        :::
        """,
    ),
    "setup": procedure(
        "setup",
        """\
        :::{steps}
        1. Run the setup:

           ```{command} manager
           # engine-setup
           ```
        :::
        """,
    ),
    "stop-old": procedure(
        "stop-old",
        """\
        :::{steps}
        1. Stop the old Manager:

           ```{command} manager
           # systemctl stop ovirt-engine
           ```
        :::
        """,
    ),
    "start-new": procedure(
        "start-new",
        """\
        :::{steps}
        1. Start the new Manager:

           ```{command} manager
           # start-new-manager
           ```
           % sets: engine = retired
        :::
        """,
    ),
    "host-maintenance": procedure(
        "host-maintenance",
        """\
        :::{steps}
        1. Click **Maintenance**.
           % sets: host = maintenance
        1. Update the host.
        :::
        """,
    ),
    "deploy": procedure(
        "deploy",
        """\
        :::{steps}
        1. Deploy a new cluster on the first node:

           ```{command} she-node
           # deploy-new-cluster
           ```
        :::
        """,
    ),
    "maintenance-on-first": procedure(
        "maintenance-on-first",
        """\
        :::{steps}
        1. Enable global maintenance on the first node:

           ```{command} first-node
           # hosted-engine --set-maintenance --mode=global
           ```
        :::
        """,
    ),
    "install-tool": procedure(
        "install-tool",
        """\
        :::{steps}
        1. Install the deployment tool:

           ```{command} she-node
           # install-deploy-tool
           ```
        :::
        """,
    ),
    "install-tool-first": procedure(
        "install-tool-first",
        """\
        :::{steps}
        1. Install the deployment tool on the first node:

           ```{command} first-node
           # install-deploy-tool
           ```
        :::
        """,
    ),
    "policy-maintenance": procedure(
        "policy-maintenance",
        """\
        :::{prerequisites}
        - The scheduling policy is set to `cluster_maintenance`.
          % sets: policy = maintenance
        :::
        """,
    ),
    "policy-back": procedure(
        "policy-back",
        """\
        :::{steps}
        1. Set the scheduling policy back.
           % sets: policy = previous
        :::
        """,
    ),
    "reinstall-hosts-gluster": procedure(
        "reinstall-hosts-gluster",
        """\
        :::{steps}
        1. Reinstall every host, keeping the bricks.
           % sets: hosts = target
        :::
        """,
    ),
    "migrate-hosts": procedure(
        "migrate-hosts",
        """\
        :::{steps}
        1. Reinstall every host, one at a time.
           % sets: hosts = target
        :::
        """,
    ),
    "join-new": procedure(
        "join-new",
        """\
        :::{steps}
        1. Add the other nodes back as self-hosted engine nodes.
           % sets: other-nodes.cluster = new
        :::
        """,
    ),
    "host-activate": procedure(
        "host-activate",
        """\
        :::{steps}
        1. Click **Activate**.
           % sets: host = active
        :::
        """,
    ),
}


def project(
    steps: str, topology: str = "self-hosted", procedures: dict[str, str] | None = None
) -> Project:
    manifest = parse_manifest(
        textwrap.dedent(f"""\
        topologies:
          self-hosted: Self-hosted engine
          local-db: Local databases
        guides:
          - id: g
            title: G
            topology: {topology}
            from: "4.3"
            to: "4.4"
            steps:
        """)
        + textwrap.indent(textwrap.dedent(steps), "      ")
        + "product: Demo\n",
        "guides.yaml",
    )
    return project_of(manifest, procedures)


def project_of(manifest: Manifest, procedures: dict[str, str] | None = None) -> Project:
    """The project of ``manifest`` over the fixture procedures (and ``procedures``)."""
    texts = {**PROCEDURES, **(procedures or {})}
    library = Library(
        {pid: parse_procedure(text, f"procedures/{pid}.md") for pid, text in texts.items()},
        "procedures",
    )
    check_manifest(manifest, library, MATRIX)
    return Project(manifest, library, MATRIX)


def findings(steps: str, model: StateModel = MODEL, **kwargs: object) -> list[tuple[str, int, str]]:
    found, _flows = check_project(project(steps, **kwargs), model)  # type: ignore[arg-type]
    return [(f.path, f.line, f.rule) for f in found]


# Each rule both ways: a sequence that breaks it, one that does not.
CASES = {
    "flow-requires": (
        "- setup\n",
        "- maintenance-on\n- setup\n- maintenance-off\n",
        ("procedures/setup.md", 10),
    ),
    "flow-never": ("- start-new\n", "- stop-old\n- start-new\n", ("procedures/start-new.md", 10)),
    "flow-end": (
        "- host-maintenance\n",
        "- host-maintenance\n- host-activate\n",
        ("procedures/host-maintenance.md", 8),
    ),
    "flow-one-of": (
        "- maintenance-on\n- deploy\n- maintenance-on: {slug: again}\n",
        "- maintenance-on\n- deploy\n- maintenance-on-first\n",
        ("procedures/maintenance-on.md", 10),
    ),
    "flow-restore": (
        "- policy-maintenance\n",
        "- policy-maintenance\n- policy-back\n",
        ("procedures/policy-maintenance.md", 8),
    ),
    "flow-covered": (
        "- one-of:\n    - reinstall-hosts-gluster: {if: Gluster}\n    - setup: {if: Other}\n"
        "- migrate-hosts\n",
        "- one-of:\n    - reinstall-hosts-gluster: {if: Gluster}\n"
        "    - migrate-hosts: {if: Other}\n",
        ("procedures/reinstall-hosts-gluster.md", 8),
    ),
    "flow-end-nodes": (
        "- deploy\n",
        "- deploy\n- join-new\n",
        ("guides.yaml", 5),
    ),  # the guide: the nodes never moved
    "flow-wrong-machine": (
        "- install-tool\n",
        "- install-tool-first\n",
        ("procedures/install-tool.md", 10),
    ),
    "flow-no-effect": (
        "- maintenance-on\n- maintenance-on: {slug: again}\n- maintenance-off\n",
        "- maintenance-on\n- maintenance-off\n",
        ("procedures/maintenance-on.md", 10),
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_flow_rule_both_ways(rule: str) -> None:
    bad, good, where = CASES[rule]
    assert (*where, rule) in findings(bad)
    assert [f for f in findings(good) if f[2] == rule] == []


def test_every_rule_is_documented_and_has_a_fixture() -> None:
    assert set(RULES) == {*CASES, "flow-data"}
    for rule in RULES.values():
        assert "Bad:" in rule.doc and "Good:" in rule.doc, rule.id


def test_the_message_says_where_the_state_was_set() -> None:
    found, _flows = check_project(project("- maintenance-on\n- maintenance-off\n- setup\n"), MODEL)
    (finding,) = [f for f in found if f.rule == "flow-requires"]
    assert "global-maintenance = enabled" in finding.message
    assert "set at procedures/maintenance-off.md:10" in finding.message
    assert "the agents would restart the Manager" in finding.message


def test_a_here_document_body_is_no_command() -> None:
    """The commands are read as cmdlint reads them: a '# ' line inside a
    here-document is text for the file, not a command to match."""
    notes = procedure(
        "notes",
        """\
        :::{steps}
        1. Write a note:

           ```{command} manager
           # cat > /root/notes.txt <<EOF
           # engine-setup
           EOF
           ```
        :::
        """,
    )
    assert findings("- notes\n", procedures={"notes": notes}) == []
    # the same line after a command that opens no here-document is one
    plain = notes.replace("<<EOF", "").replace("   EOF\n", "")
    assert findings("- notes\n", procedures={"notes": plain}) == [
        ("procedures/notes.md", 11, "flow-requires")
    ]


def test_setting_back_what_a_guide_may_have_changed_is_no_repeat() -> None:
    """'If you changed it, set it back': where it was not changed, not a no-effect."""
    back = procedure(
        "policy-back",
        """\
        :::{steps}
        1. If you changed the scheduling policy, set it back.
           % restores: policy
        :::
        """,
    )
    assert findings("- policy-back\n", procedures={"policy-back": back}) == []
    assert findings("- policy-maintenance\n- policy-back\n", procedures={"policy-back": back}) == []
    assert findings("- policy-maintenance\n") != []
    # a step that sets it where it is already so is still reported
    assert findings("- policy-back\n") == [("procedures/policy-back.md", 8, "flow-no-effect")]


def machine_step(caption: str, command: str) -> dict[str, str]:
    text = procedure(
        "elsewhere",
        f"""\
        :::{{steps}}
        1. Run it:

           ```{{command}} {caption}
           # {command}
           ```
        :::
        """,
    )
    return {"elsewhere": text}


def test_a_bound_command_elsewhere_names_command_caption_and_machines() -> None:
    found, _flows = check_project(
        project("- elsewhere\n", procedures=machine_step("she-node", "install-deploy-tool")),
        MODEL,
    )
    (finding,) = [f for f in found if f.rule == "flow-wrong-machine"]
    assert (finding.path, finding.line) == ("procedures/elsewhere.md", 10)
    assert finding.message.startswith(
        "`install-deploy-tool` runs on she-node (one of first-node, other-nodes), but the "
        "state model accepts it only on first-node: other-nodes is not one of them"
    )


@pytest.mark.parametrize(
    ("caption", "command", "wrong"),
    [
        # a caption inside the accepted group: the reader runs it on an accepted machine
        ("first-node", "hosted-engine --set-maintenance --mode=global", False),
        ("she-node", "hosted-engine --set-maintenance --mode=global", False),
        ("manager", "hosted-engine --set-maintenance --mode=global", True),
        # a caption the model does not resolve cannot be shown to be an accepted machine
        ("host", "hosted-engine --set-maintenance --mode=global", True),
        ("manager", "install-deploy-tool", True),
        # not bound: the rule says where it has an effect, not where it may run
        ("she-node", "engine-setup", False),
    ],
)
def test_which_captions_a_bound_command_accepts(caption: str, command: str, wrong: bool) -> None:
    found = findings("- elsewhere\n", procedures=machine_step(caption, command))
    assert (("procedures/elsewhere.md", 10, "flow-wrong-machine") in found) is wrong, found


def test_after_a_wrong_machine_the_walk_goes_on_as_the_guide_means() -> None:
    """Under the group caption, the walk goes on on the member the command belongs
    on: what follows is checked as if the reader chose it (one finding, at the cause)."""
    model = parse_states(
        (FIXTURES / "states.yaml")
        .read_text("utf-8")
        .replace(
            "  - command: ^deploy-new-cluster$\n    machine: she-node\n",
            "  - command: ^deploy-new-cluster$\n    machine: first-node\n    bound: true\n",
        ),
        "states.yaml",
        CAPTIONS,
    )
    steps = "- maintenance-on\n- deploy\n- maintenance-on: {slug: again}\n"
    found = findings(steps, model)
    assert ("procedures/deploy.md", 10, "flow-wrong-machine") in found
    assert ("procedures/maintenance-on.md", 10, "flow-one-of") in found
    # the rest is what the model finds where the deployment is accepted on she-node
    assert [f for f in found if f[2] != "flow-wrong-machine"] == findings(steps)


def test_rules_follow_the_topology() -> None:
    assert findings("- setup\n", topology="local-db") == []


def test_every_branch_of_a_choice_is_walked() -> None:
    steps = """\
        - maintenance-on
        - one-of:
            - setup: {if: Safe way}
            - maintenance-off: {if: Unsafe way}
        - setup: {slug: setup-again}
        - maintenance-off: {slug: off-again}
        """
    # The unsafe branch leaves global maintenance off before the second setup.
    assert ("procedures/setup.md", 10, "flow-requires") in findings(steps)
    _found, flows = check_project(project(steps), MODEL)
    assert [slugs for _facts, slugs, _end in flows[0].ends] == [
        ["maintenance-on", "setup", "setup-again", "off-again"],
        ["maintenance-on", "maintenance-off", "setup-again", "off-again"],
    ]


def test_a_step_moved_before_what_it_needs_is_reported() -> None:
    assert ("procedures/setup.md", 10, "flow-requires") in findings(
        "- setup\n- maintenance-on\n- maintenance-off\n"
    )


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        ("% sets: host = broken", "state 'host' has no value 'broken'"),
        ("% sets: hots = active", "unknown state 'hots'"),
        ("% sets: host is active", "write 'state = value'"),
        ("% restores: engine", "is not a state that a guide restores"),
        ("% restores: hots", "unknown state 'hots'"),
    ],
)
def test_a_bad_annotation_is_one_error_with_file_and_line(annotation: str, message: str) -> None:
    bad = procedure(
        "host-activate",
        f"""\
        :::{{steps}}
        1. Click **Activate**.
           {annotation}
        :::
        """,
    )
    found, _flows = check_project(
        project("- host-activate\n", procedures={"host-activate": bad}), MODEL
    )
    assert [(f.path, f.line, f.rule) for f in found] == [
        ("procedures/host-activate.md", 8, "flow-data")
    ]
    assert message in found[0].message


def test_sets_outside_a_step_is_an_error() -> None:
    bad = procedure("host-activate", "% sets: host = active\n\nText.\n")
    found, _flows = check_project(
        project("- host-activate\n", procedures={"host-activate": bad}), MODEL
    )
    assert [(f.line, f.rule) for f in found] == [(6, "flow-data")]
    assert "inside the {steps} list" in found[0].message


BROKEN_STATES = [
    (
        "command: ^engine-setup\\b\n",
        "command: ^engine-setup(\n",
        "does not compile",
        "command: ^engine-setup(",
    ),
    (
        "sets: {engine: stopped}",
        "sets: {engine: halted}",
        "has no value 'halted'",
        "sets: {engine: halted}",
    ),
    (
        "requires: {global-maintenance: enabled}",
        "requires: {global-maint: enabled}",
        "unknown state 'global-maint'",
        "requires: {global-maint: enabled}",
    ),
    (
        "machine: she-node\n    sets: {first-node",
        "machine: she-nod\n    sets: {first-node",
        "unknown machine 'she-nod'",
        "machine: she-nod",
    ),
    ("start: running\n", "start: runing\n", "has no value 'runing'", "  engine:"),
    (
        "she-node: {one-of: [first-node, other-nodes]}",
        "she-node: {one-of: [first-node, other-node]}",
        "unknown machine 'other-node'",
        "she-node: {one-of",
    ),
    (
        "in: {cluster: {self-hosted: old}}}\n  other",
        "in: {clusters: {self-hosted: old}}}\n  other",
        "unknown environment 'clusters'",
        "first-node: {meaning",
    ),
    (
        "    sets: {first-node.cluster: new",
        "    sets: {first-node.cluster: newer",
        "has no value 'newer'",
        "sets: {first-node.cluster: newer",
    ),
    (
        "  first-node: {is: first-node}",
        "  second-node: {is: first-node}",
        "unknown machine caption 'second-node'",
        "second-node: {is",
    ),
]


@pytest.mark.parametrize(("old", "new", "message", "line_text"), BROKEN_STATES)
def test_bad_state_data_is_one_error_with_file_and_line(
    old: str, new: str, message: str, line_text: str
) -> None:
    text = (FIXTURES / "states.yaml").read_text("utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    with pytest.raises(GuideError) as info:
        parse_states(broken, "states.yaml", CAPTIONS)
    assert message in info.value.message
    assert info.value.path == "states.yaml" and info.value.line
    assert line_text.strip() in broken.splitlines()[info.value.line - 1]


# --- the real guides ------------------------------------------------------------------

REAL = load_project(
    REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
)
REAL_MODEL = load_states(
    REPO / "procedures" / "states.yaml", topologies=REAL.manifest.conditions["topology"]
)


def test_the_real_guides_have_no_flow_finding() -> None:
    found, _flows = check_project(REAL, REAL_MODEL)
    assert [f"{f.path}:{f.line}: [{f.rule}] {f.message}" for f in found] == []


def test_every_guide_ends_clean() -> None:
    _found, flows = check_project(REAL, REAL_MODEL)
    assert {flow.guide.id for flow in flows} == set(REAL.manifest.by_id)
    for flow in flows:
        assert flow.ends, flow.guide.id
        for facts, _slugs, end in flow.ends:
            live = {v for k, v in end.items() if REAL_MODEL.world.membership_values(k)}
            for key, value in end.items():
                name, _, instance = key.partition(".")
                if name not in REAL_MODEL.states or (instance and instance not in live):
                    continue  # a membership, or a cluster no machine belongs to any more
                assert value not in REAL_MODEL.states[name].transitional, (
                    flow.guide.id,
                    facts,
                    key,
                    value,
                )
            if flow.guide.id == "she-4.3-to-4.4":  # one self-hosted engine: the new one
                assert live == {"new", "none"}, end
            if flow.guide.kind != "appendix":
                assert end["cluster-level"] == end["dc-level"] == "raised"
            if flow.guide.from_version == "4.3":  # a new Manager replaced the old one
                assert (end["engine"], end["new-engine"]) == ("retired", "running")


HAZARDS = [
    # A step removed: without global maintenance, engine-setup runs under the agents' watch.
    (
        "      - global-maintenance: {with: {mode: enable}}\n"
        "      - update-manager: {with: {self_hosted: true, vm_replaced: true}}\n",
        "      - update-manager: {with: {self_hosted: true, vm_replaced: true}}\n",
        "procedures/update-manager.md",
        "flow-requires",
    ),
    # A step moved before the one that enables its requirement.
    (
        "      - global-maintenance: {with: {mode: enable}, slug: enable-global-maintenance}\n"
        "      - update-manager: {with: {self_hosted: true}}\n",
        "      - update-manager: {with: {self_hosted: true}}\n"
        "      - global-maintenance: {with: {mode: enable}, slug: enable-global-maintenance}\n",
        "procedures/update-manager.md",
        "flow-requires",
    ),
    # A step removed: global maintenance stays on at the end.
    (
        "      - global-maintenance: {with: {mode: disable}, slug: disable-global-maintenance}\n",
        "",
        "procedures/global-maintenance.md",
        "flow-end",
    ),
]


@pytest.mark.parametrize(("old", "new", "where", "rule"), HAZARDS)
def test_an_injected_hazard_is_found(old: str, new: str, where: str, rule: str) -> None:
    text = (REPO / "source" / "guides.yaml").read_text("utf-8")
    assert old in text
    manifest = parse_manifest(text.replace(old, new, 1), "guides.yaml")
    found, _flows = check_project(Project(manifest, REAL.library, REAL.matrix), REAL_MODEL)
    assert any(f.path.endswith(where) and f.rule == rule and f.line > 1 for f in found), found


# --- issue 16, item 1: global maintenance on "one of" the nodes after the deployment ---

UNFIXED = FIXTURES / "issue-16-item-1"


def test_the_unfixed_item_1_is_found_at_its_lines() -> None:
    procedures = dict(REAL.library.procedures)
    for name in ("upgrade-she-4.3-to-4.4", "global-maintenance"):
        path = str(REPO / "procedures" / f"{name}.md")
        procedures[name] = parse_procedure((UNFIXED / f"{name}.md").read_text("utf-8"), path)
    library = Library(procedures, REAL.library.directory)
    found, _flows = check_project(Project(REAL.manifest, library, REAL.matrix), REAL_MODEL)
    errors = {(Path(f.path).name, f.line, f.rule): f.message for f in found}
    lines = (UNFIXED / "global-maintenance.md").read_text("utf-8").split("\n")
    enable = lines.index("   # hosted-engine --set-maintenance --mode=global") + 1
    disable = lines.index("   # hosted-engine --set-maintenance --mode=none") + 1
    assert ("global-maintenance.md", enable, "flow-one-of") in errors
    assert ("global-maintenance.md", disable, "flow-one-of") in errors
    message = errors["global-maintenance.md", enable, "flow-one-of"]
    assert "deployment-host: disabled (global-maintenance.new" in message
    assert "other-she-nodes: enabled (global-maintenance.old" in message
    assert "included at " in message and "upgrade-she-4.3-to-4.4.md:" in message
    # and the cause: the deployment itself "on a self-hosted engine node"
    upgrade = (UNFIXED / "upgrade-she-4.3-to-4.4.md").read_text("utf-8").split("\n")
    deploy = upgrade.index("   # hosted-engine --deploy --restore-from-file=/root/backup.bck") + 1
    assert upgrade[deploy - 2] == "   ```{command} she-node"
    message = errors["upgrade-she-4.3-to-4.4.md", deploy, "flow-wrong-machine"]
    assert message.startswith(
        "`hosted-engine --deploy --restore-from-file=/root/backup.bck` runs on she-node "
        "(one of deployment-host, other-she-nodes), but the state model accepts it only "
        "on deployment-host: other-she-nodes is not one of them"
    )


def test_the_gluster_deployment_on_any_host_is_found() -> None:
    """The Gluster branch's deployment playbook captioned "On the host" (any host,
    a standard one too) instead of on the deployment host."""
    proc = REAL.library.procedures["upgrade-rhvh-gluster-storage"]
    text = Path(proc.path).read_text("utf-8")
    fence = "      ```{command} deployment-host\n      # cd "
    assert text.count(fence) == 1
    old = text.replace(fence, fence.replace("deployment-host", "host"))
    found = _walk_real(**{proc.id: old})
    line = [n for n, t in enumerate(old.split("\n"), 1) if "# ansible-playbook he.yml" in t]
    assert [(p, n, r) for p, n, r, _m in found] == [(proc.path, line[0], "flow-wrong-machine")]
    assert "runs on host (one of deployment-host, other-she-nodes, standard-hosts)" in (found[0][3])


# --- issue 16, item 3: the Gluster branch, then migrate-hosts for every reader ---


def test_the_old_gluster_structure_is_found() -> None:
    text = (REPO / "source" / "guides.yaml").read_text("utf-8")
    start = text.index("  - id: she-4.3-to-4.4\n")
    end = text.index("  - id: ", start + 1)
    old = (FIXTURES / "issue-16-item-3" / "she-4.3-to-4.4.yaml").read_text("utf-8")
    manifest = parse_manifest(text[:start] + old.split("\n", 3)[3] + text[end:], "guides.yaml")
    found, _flows = check_project(Project(manifest, REAL.library, REAL.matrix), REAL_MODEL)
    covered = [f for f in found if f.rule == "flow-covered"]
    assert covered, found
    (finding,) = covered
    gluster = REPO / "procedures" / "upgrade-rhvh-gluster-storage.md"
    lines = gluster.read_text("utf-8").split("\n")
    assert (finding.path, finding.line) == (
        str(gluster),
        lines.index("   % sets: hosts-release = target") + 1,
    )
    assert "'migrate-hosts-4.3-to-4.4'" in finding.message


# --- issue 16, item 5: former nodes re-added as standard hosts ---


def test_former_nodes_as_standard_hosts_are_found() -> None:
    """Item 5 reverted: migrate-hosts adds the former self-hosted engine nodes back
    as standard hosts, so the new Manager virtual machine has no failover host."""
    migrate = REAL.library.procedures["migrate-hosts-4.3-to-4.4"]
    text = Path(migrate.path).read_text("utf-8")
    joined = "   % sets: other-she-nodes.she-cluster = new\n"
    assert text.count(joined) == 1
    procedures = {
        **REAL.library.procedures,
        migrate.id: parse_procedure(text.replace(joined, ""), migrate.path),
    }
    library = Library(procedures, REAL.library.directory)
    found, _flows = check_project(Project(REAL.manifest, library, REAL.matrix), REAL_MODEL)
    left = text.split("\n").index("   % sets: other-she-nodes.she-cluster = none") + 1
    assert [(f.path, f.line, f.rule) for f in found] == [(migrate.path, left, "flow-end-nodes")]
    assert "fail over" in found[0].message


# --- issue 16, item 9: a plain reboot of the Manager machine in global maintenance ---


def _walk_real(guides: str | None = None, **texts: str) -> list[tuple[str, int, str, str]]:
    manifest = REAL.manifest
    if guides is not None:
        manifest = parse_manifest(guides, str(REPO / "source" / "guides.yaml"))
    procedures = dict(REAL.library.procedures)
    for proc_id, text in texts.items():
        procedures[proc_id] = parse_procedure(text, procedures[proc_id].path)
    library = Library(procedures, REAL.library.directory)
    found, _flows = check_project(Project(manifest, library, REAL.matrix), REAL_MODEL)
    return [(f.path, f.line, f.rule, f.message) for f in found]


def _line(proc_id: str, text: str) -> tuple[str, int]:
    path = REAL.library.procedures[proc_id].path
    lines = Path(path).read_text("utf-8").split("\n")
    return path, lines.index(text) + 1


REBOOT_NEEDS = "   % needs: global-maintenance = disabled"


@pytest.mark.parametrize(
    "old",
    [
        "      - update-manager: {with: {self_hosted: true}}\n",
        "      - update-manager: {with: {self_hosted: true, vm_replaced: true}}\n",
    ],
)
def test_the_standalone_reboot_in_a_she_guide_is_found(old: str) -> None:
    """Item 9 reverted: a self-hosted engine guide includes update-manager without
    self_hosted, whose note says to reboot the Manager machine, in global maintenance."""
    text = (REPO / "source" / "guides.yaml").read_text("utf-8")
    assert text.count(old) == 1
    found = _walk_real(text.replace(old, "      - update-manager\n"))
    path, line = _line("update-manager", REBOOT_NEEDS)
    assert [(p, n, r) for p, n, r, _m in found] == [(path, line, "flow-requires")]
    assert "needs global-maintenance = disabled, but it is enabled" in found[0][3]


def test_the_unconditional_reboot_of_the_4_2_upgrade_is_found() -> None:
    """Item 9 reverted in upgrade-manager-4.2-to-4.3: the reboot note for every topology."""
    proc = REAL.library.procedures["upgrade-manager-4.2-to-4.3"]
    text = Path(proc.path).read_text("utf-8")
    condition = '{% if guide.topology == "self-hosted" %}'
    assert text.count(condition) == 1
    found = _walk_real(**{proc.id: text.replace(condition, "{% if false %}")})
    path, line = _line(proc.id, REBOOT_NEEDS)
    assert [(p, n, r) for p, n, r, _m in found] == [(path, line, "flow-requires")]


def test_a_reboot_command_on_a_she_manager_in_global_maintenance_is_found() -> None:
    proc = REAL.library.procedures["update-manager"]
    text = Path(proc.path).read_text("utf-8")
    note = "   If any kernel packages were updated, the Manager virtual machine must restart"
    assert text.count(note) == 1
    command = "   ```{command} manager\n   # shutdown -r now\n   ```\n\n"
    found = _walk_real(**{proc.id: text.replace(note, command + note)})
    lines = text.replace(note, command + note).split("\n")
    line = lines.index("   # shutdown -r now") + 1
    assert (proc.path, line, "flow-requires") in [(p, n, r) for p, n, r, _m in found]
    message = next(m for p, n, r, m in found if n == line)
    assert "do not start the Manager virtual" in message
    assert not any(r == "flow-requires" and n != line for _p, n, r, _m in found)


def test_a_combination_that_must_never_happen_is_reported_where_it_starts() -> None:
    """Not again at each step after it: the steps that follow are not the cause."""
    steps = "- elsewhere\n- host-maintenance\n- host-activate\n"
    start = machine_step("manager", "start-new-manager")  # the old one still runs
    assert [f for f in findings(steps, procedures=start) if f[2] == "flow-never"] == [
        ("procedures/elsewhere.md", 10, "flow-never")
    ]


# --- issue 16, item 6: the new Manager takes over the old one's FQDN and IP address ---

SHUT_OLD = (
    "1. If the Manager {{ guide.to }} runs on a different machine, shut the Manager\n"
    "   {{ guide.from }} machine down, or disconnect it from the network, before the new machine\n"
    "   takes over its FQDN and IP address: two machines must not answer at the same address.\n"
    "   Do not erase it: it is the way back until the Manager {{ guide.to }} runs.\n"
    "   % sets: old-manager-machine = down\n\n"
)
TAKE_OVER = "   % sets: manager-machine = new, manager-repos = none"


def test_the_old_manager_left_on_the_network_is_found() -> None:
    """Item 6 reverted: no step shuts the old Manager machine down or disconnects it
    before the new machine takes over its FQDN and IP address."""
    proc = REAL.library.procedures["upgrade-manager-4.3-to-4.4"]
    text = Path(proc.path).read_text("utf-8")
    assert text.count(SHUT_OLD) == 1
    old = text.replace(SHUT_OLD, "")
    found = _walk_real(**{proc.id: old})
    line = old.split("\n").index(TAKE_OVER) + 1
    assert {(p, n, r) for p, n, r, _m in found} == {(proc.path, line, "flow-never")}
    assert "two machines answer at the Manager's address" in found[0][3]


def test_the_old_manager_started_again_after_the_takeover_is_found() -> None:
    proc = REAL.library.procedures["upgrade-manager-4.3-to-4.4"]
    text = Path(proc.path).read_text("utf-8")
    check = "1. Check that the Manager {{ guide.to }} works:"
    assert text.count(check) == 1
    again = (
        "1. Start the Manager {{ guide.from }} machine again.\n"
        "   % sets: old-manager-machine = up\n\n"
    )
    changed = text.replace(check, again + check)
    found = _walk_real(**{proc.id: changed})
    line = changed.split("\n").index("   % sets: old-manager-machine = up") + 1
    assert {(p, n, r) for p, n, r, _m in found} == {(proc.path, line, "flow-never")}
