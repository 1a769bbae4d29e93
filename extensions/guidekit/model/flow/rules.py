"""The flow rules: what a walk reports, each with a bad and a good sequence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from cmdlint.model import Severity
from guidekit.model.flow.reading import Event
from guidekit.model.flow.walk import FlowFinding, FlowRule, Origin, Setting, View, Walk
from guidekit.model.manifest import Guide
from guidekit.model.states import Rule

#: The flow rules, by id (each one's docstring shows a bad and a good sequence).
RULES: dict[str, FlowRule] = {}


def flow_rule(
    rule_id: str, severity: Severity
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        RULES[rule_id] = FlowRule(rule_id, severity, func.__doc__ or "")
        return func

    return register


def run_event(walk: Walk, event: Event) -> None:
    """What one event needs (checked) and changes (applied), in the walk.

    The event's machine (an annotation's: the model's ``annotations-on``)
    resolves to the machines it addresses; each sees the state of its own
    environment. A step addressed to one of a group is checked for members that
    differ in what it reads or changes (``flow-one-of``).
    """
    if event.kind == "command" and event.machine:
        machine = check_machine(walk, event)
        if machine != event.machine:
            event = replace(event, machine=machine)
    caption = event.machine or walk.model.world.annotations_on
    views = [walk.view(m) for m in walk.members(caption)] or [walk.view(None)]
    rules = {id(r): r for view in views for r in _rules(walk, event, view)}.values()
    if event.kind == "needs":
        reads, changes = set(event.values), set()
    elif event.kind in ("sets", "restores"):
        reads, changes = set(), set(event.values)
    else:
        reads, changes = set(), set()
        for rule in rules:
            read, changed = rule.touches()
            reads, changes = reads | read, changes | changed
    for view in views:
        for name in reads:
            if (key := view.key(name)) is not None:
                walk.note_read(key, (event.path, event.line))
    if len(views) > 1 and check_one_of(walk, event, views, reads, changes):
        for view in views:  # what the reader did, on whichever member they chose
            _set(walk, view, event, _changes(walk, event, view), quiet=True)
        return
    view = views[0]
    if event.kind == "needs":
        check_requires(walk, view, event, event.values, "this text assumes")
        return
    if event.kind == "command":
        for rule in _rules(walk, event, view):
            check_requires(walk, view, event, rule.requires, f"`{event.command}`", rule.why)
    _set(walk, view, event, _changes(walk, event, view), quiet=event.kind == "restores")


def _rules(walk: Walk, event: Event, view: View) -> list[Rule]:
    if event.kind != "command":
        return []
    values = view.values()
    return [
        r
        for r in walk.model.recognising(event.command, walk.facts)
        if event.machine in r.machines and r.guarded(values, walk.commands)
    ]


def _changes(walk: Walk, event: Event, view: View) -> dict[str, str]:
    if event.kind == "sets":
        return {k: v[0] for k, v in event.values.items()}
    if event.kind == "restores":  # back to the value at the start, if it changed
        return {
            k: start
            for k in event.values
            if (start := walk.model.state_of(k).start_value(walk.topology)) is not None
        }
    return {k: v for r in _rules(walk, event, view) for k, v in r.sets.items()}


def _set(
    walk: Walk, view: View, event: Event, changes: dict[str, str], quiet: bool = False
) -> None:
    present = [f"{k} = {v}" for k, v in changes.items() if view.key(k) is not None]
    before = _never_holding(walk)
    changed = view.assign(changes, (event.path, event.line))
    check_never(walk, event, before)
    if not changed and present and not quiet:
        check_no_effect(walk, event, present)


def _included(event: Event) -> str:
    return "".join(f" (included at {path}:{line})" for path, line in reversed(event.via))


@flow_rule("flow-wrong-machine", Severity.ERROR)
def check_machine(walk: Walk, event: Event) -> str:
    """A command that the state model binds to some machines (a rule of it says
    ``bound: true``) runs under a caption that may address another machine.
    The machines accepted are those of every rule of the command; a caption is
    accepted if each machine it may address is one of them. After the finding,
    the walk goes on as if the reader had chosen an accepted machine among those
    the caption addresses, so that what follows is checked as the guide means it
    (the function returns that caption).

    Bad: in a 4.3 to 4.4 self-hosted engine upgrade, "On a self-hosted engine
    node" (``{command} she-node``) ``hosted-engine --deploy
    --restore-from-file=/root/backup.bck``: the other nodes still run 4.3; the
    rule of ``hosted-engine --deploy`` accepts ``deployment-host`` only.
    Good: ``{command} deployment-host``, the node reinstalled for the deployment.

    A bound rule binds only where its guards hold: ``if:`` (in the state of a
    machine the caption addresses), ``with:`` (the step also runs such a
    command). Bad: ``tmux`` on a self-hosted engine node in the step that runs
    ``hosted-engine --deploy`` on the deployment host (``tmux`` is bound to
    ``deployment-host`` ``with: hosted-engine --deploy``). Good: ``tmux`` on the
    deployment host there; anywhere in a step that deploys nothing.
    """
    states = [walk.view(m).values() for m in walk.members(event.machine)]
    accepted = walk.model.accepted(
        event.command, walk.facts, walk.commands, [*states, walk.view(None).values()]
    )
    if not accepted:
        return event.machine
    world = walk.model.world
    outside = world.outside(event.machine, accepted)
    if not outside:
        return event.machine
    walk.report(
        RULES["flow-wrong-machine"],
        event.path,
        event.line,
        f"`{event.command}` runs on {_caption(walk, event.machine)}, but the state model "
        f"accepts it only on {' or '.join(_caption(walk, c) for c in accepted)}: "
        f"{', '.join(outside)} is not one of them; caption the block with the machine "
        f"it must run on{_included(event)}",
    )
    mine = set(world.addressed(event.machine))
    for caption in accepted:
        if set(world.addressed(caption)) and set(world.addressed(caption)) <= mine:
            return caption
    return event.machine


def _caption(walk: Walk, caption: str) -> str:
    """A caption, with the machines it addresses where they are not just itself."""
    machines = walk.model.world.addressed(caption)
    if not machines:
        return f"{caption} (a machine the state model does not know)"
    if machines == (caption,):
        return caption
    group = walk.model.world.captions[caption].group
    return f"{caption} ({'one of ' if group else ''}{', '.join(machines)})"


@flow_rule("flow-one-of", Severity.ERROR)
def check_one_of(
    walk: Walk, event: Event, views: list[View], reads: set[str], changes: set[str]
) -> bool:
    """A step addressed to one of a group of machines whose members differ in
    what the step reads or changes; True if it is reported.

    Bad: after ``hosted-engine --deploy``, "on one of the self-hosted engine
    nodes" ``hosted-engine --set-maintenance --mode=global``: only the
    deployment host belongs to the new self-hosted engine, the other nodes are
    still in the old one, whose global maintenance is another.
    Good: the block runs on the deployment host (``{command} deployment-host``).
    """
    problems = []
    for name in sorted(reads | changes):
        keys = {view.machine: view.key(name) for view in views}
        if name in reads:
            differ = len({walk.state[k] for k in keys.values() if k is not None}) > 1
        else:
            differ = len({k for k in keys.values() if k is not None}) > 1
        if differ:
            problems.append(f"{name} ({_members(walk, keys)})")
    if not problems:
        return False
    what = f"`{event.command}`" if event.command else "this step"
    names = ", ".join(str(view.machine) for view in views)
    walk.report(
        RULES["flow-one-of"],
        event.path,
        event.line,
        f"{what} runs on one of {event.machine or walk.model.world.annotations_on} "
        f"({names}), which differ in {'; '.join(problems)}: name the machine it "
        f"must run on{_included(event)}",
    )
    return True


def _members(walk: Walk, keys: dict[str | None, str | None]) -> str:
    return ", ".join(
        f"{machine}: {walk.state[key]} ({key}, {walk.where(key)})"
        if key
        else f"{machine}: not there"
        for machine, key in keys.items()
    )


@flow_rule("flow-requires", Severity.ERROR)
def check_requires(
    walk: Walk,
    view: View,
    event: Event,
    needs: dict[str, tuple[str, ...]],
    what: str,
    why: str = "",
) -> None:
    """A step runs in a state it must not run in.

    Bad: ``engine-setup`` on a self-hosted Manager before global maintenance is on.
    Good: ``hosted-engine --set-maintenance --mode=global`` first, then ``engine-setup``.
    """
    for name, accepted in needs.items():
        value = view.get(name)
        if value is not None and value not in accepted:
            reason = f": {why}" if why else ""
            walk.report(
                RULES["flow-requires"],
                event.path,
                event.line,
                f"{what} needs {name} = {' or '.join(accepted)}, but {view.describe(name)}{reason}"
                f"{_included(event)}",
            )


def _never_holding(walk: Walk) -> set[int]:
    """The combinations that must never happen that hold now (their indexes)."""
    return {
        index
        for index, never in enumerate(walk.model.never)
        if all(walk.state.get(k) == v for k, v in never.states.items())
    }


@flow_rule("flow-never", Severity.ERROR)
def check_never(walk: Walk, event: Event, before: set[int] | frozenset[int] = frozenset()) -> None:
    """A step leads to a combination of states that must never happen (reported
    at the step that leads to it, not again at each step after).

    Bad: ``engine-setup`` starts the new Manager while the old one still runs.
    Good: stop ``ovirt-engine`` on the old Manager before the new one starts.
    """
    for index, never in enumerate(walk.model.never):
        if index in before:
            continue
        if all(walk.state.get(k) == v for k, v in never.states.items()):
            states = ", ".join(f"{k} = {v}" for k, v in never.states.items())
            walk.report(
                RULES["flow-never"],
                event.path,
                event.line,
                f"after this, {states}: {never.meaning}",
            )


@flow_rule("flow-no-effect", Severity.WARNING)
def check_no_effect(walk: Walk, event: Event, sets: list[str]) -> None:
    """A step sets states that already have that value (a repeated or misplaced step).

    Bad: enabling global maintenance in a procedure of a guide that enabled it.
    Good: the procedure refers to the guide's step instead.
    """
    what = f"`{event.command}`" if event.command else "this step"
    walk.report(
        RULES["flow-no-effect"],
        event.path,
        event.line,
        f"{what} changes nothing here: {', '.join(sets)} already",
    )


def check_end(walk: Walk, guide: Guide, path: str) -> None:
    """The end of a path: each state's value in each live instance."""
    for key, value in sorted(walk.state.items()):
        name, _, instance = key.partition(".")
        state = walk.model.states.get(name)
        if state is None:
            continue  # a machine's membership
        if instance and instance not in walk.live_instances(state.of):
            continue  # an environment no machine belongs to any more
        where = walk.origin.get(key, (path, 1))
        if value in state.transitional:
            check_transitional(walk, guide, key, value, where)
        elif state.restore and value != state.start_value(walk.topology):
            check_restored(walk, guide, key, value, where)
    for environment in walk.model.world.environments.values():
        if environment.end_of:
            check_end_nodes(walk, guide, environment.name, path)


@flow_rule("flow-end", Severity.ERROR)
def check_transitional(walk: Walk, guide: Guide, key: str, value: str, where: Origin) -> None:
    """A guide ends with the environment in a transitional state.

    Bad: a host put in maintenance and never activated again.
    Good: the procedure activates the host after the reboot.

    A state of an environment counts in the instances that some machine still
    belongs to (the old self-hosted engine, once every node has left it, is gone).
    """
    state = walk.model.state_of(key)
    walk.report(
        RULES["flow-end"],
        *where,
        f"guide {guide.id!r} ({walk.topology}) ends with {key} = {value} "
        f"({walk.where(key)}): {state.meaning}",
    )


@flow_rule("flow-restore", Severity.ERROR)
def check_restored(walk: Walk, guide: Guide, key: str, value: str, where: Origin) -> None:
    """A setting, service or mode that a guide changes is not restored by its end,
    and the state model does not declare it deliberately left changed
    (``end: restore``).

    Bad: a prerequisite sets the clusters' scheduling policy to
    ``cluster_maintenance`` (``% sets: scheduling-policy = cluster-maintenance``)
    and no step sets the previous policy back.
    Good: a step after the hosts' upgrade sets it back
    (``% sets: scheduling-policy = previous``), or the state says ``end: changed``
    because the upgrade means to change it.
    """
    state = walk.model.state_of(key)
    start = state.start_value(walk.topology)
    walk.report(
        RULES["flow-restore"],
        *where,
        f"guide {guide.id!r} ({walk.topology}) leaves {key} = {value} "
        f"({walk.where(key)}), and nothing sets it back to {start}: "
        f"{state.meaning}",
    )


@flow_rule("flow-covered", Severity.ERROR)
def check_covered(findings: set[FlowFinding], guide: Guide, settings: list[Setting]) -> None:
    """A branch of a choice already does what a later step that every reader
    follows does: on that branch the later step repeats it.

    Bad: the Gluster branch reinstalls every host (``% sets: hosts-release =
    target``), then the guide's next step, which every reader follows, migrates
    and reinstalls the hosts again.
    Good: the choice covers both: one branch upgrades the Manager and the hosts
    the Gluster way, the other upgrades the Manager and then migrates the hosts.
    """
    effective = {(step.slug, key) for step, key, _value, before in settings if before is None}
    rule = RULES["flow-covered"]
    for step, key, value, before in settings:
        if before is None or step.group is not None or step.optional:
            continue
        setter, (path, line) = before
        if setter.group is None or (step.slug, key) not in effective:
            continue  # not a branch, or the later step repeats it on every path
        findings.add(
            FlowFinding(
                path,
                line,
                rule.id,
                rule.severity,
                f"in guide {guide.id!r}, the branch {setter.slug!r} already does what the later "
                f"step {step.slug!r}, which every reader follows, does ({key} = {value}): on this "
                "branch that step repeats it; make the choice cover both",
            )
        )


@flow_rule("flow-end-nodes", Severity.ERROR)
def check_end_nodes(walk: Walk, guide: Guide, name: str, path: str) -> None:
    """A guide ends with too few machines in an environment that needs them: the
    self-hosted engine that runs the Manager has no node to fail over to.

    Bad: the former self-hosted engine nodes are removed and added back as
    standard hosts (``% sets: other-she-nodes.she-cluster = none``): only the
    deployment host can run the new Manager virtual machine.
    Good: they are added back as self-hosted engine nodes (Hosted Engine tab,
    Deploy; ``% sets: other-she-nodes.she-cluster = new``).
    """
    world = walk.model.world
    environment = world.environments[name]
    instances = {
        instance
        for machine in walk.members(environment.end_of)
        if (instance := world.instance(machine, name, walk.state))
    }
    for instance in sorted(instances):
        inside = [n for n in environment.nodes if world.instance(n, name, walk.state) == instance]
        if len(inside) >= environment.at_least:
            continue
        missing = [n for n in environment.nodes if n not in inside]
        key = f"{missing[0]}.{name}"
        where = walk.origin.get(key, (path, guide.line or 1))
        walk.report(
            RULES["flow-end-nodes"],
            *where,
            f"guide {guide.id!r} ({walk.topology}) ends with {len(inside)} of "
            f"{', '.join(environment.nodes)} in {name} {instance} ({key} = "
            f"{walk.state.get(key)}, {walk.where(key)}): {environment.why}",
        )


RULES["flow-data"] = FlowRule(
    "flow-data",
    Severity.ERROR,
    """The state model or an annotation is wrong.

Bad: ``% sets: manager-vm = off`` where the state's values are ``up`` and ``down``.
Good: ``% sets: manager-vm = down``.
""",
)
