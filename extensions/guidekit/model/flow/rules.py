"""The flow rules: what a walk reports, each with a bad and a good sequence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guidekit.model.flow.reading import Event
from guidekit.model.flow.walk import FlowRule, Walk
from guidekit.model.manifest import Guide

#: The flow rules, by id (each one's docstring shows a bad and a good sequence).
RULES: dict[str, FlowRule] = {}


def flow_rule(rule_id: str, severity: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        RULES[rule_id] = FlowRule(rule_id, severity, func.__doc__ or "")
        return func

    return register


def run_event(walk: Walk, event: Event) -> None:
    """What one event needs (checked) and changes (applied), in the walk."""
    if event.kind == "needs":
        check_requires(walk, event, event.values, "this text assumes")
    elif event.kind == "sets":
        _set(walk, event, {k: v[0] for k, v in event.values.items()})
    else:
        rules = [
            r
            for r in walk.model.rules
            if r.applies(event.command, event.machine, walk.facts, walk.state)
        ]
        for rule in rules:
            check_requires(walk, event, rule.requires, f"`{event.command}`", rule.why)
        _set(walk, event, {k: v for r in rules for k, v in r.sets.items()})


def _set(walk: Walk, event: Event, changes: dict[str, str]) -> None:
    present = [f"{k} = {v}" for k, v in changes.items() if k in walk.state]
    changed = walk.assign(changes, (event.path, event.line))
    check_never(walk, event)
    if not changed and present:
        check_no_effect(walk, event, present)


@flow_rule("flow-requires", "error")
def check_requires(
    walk: Walk, event: Event, needs: dict[str, tuple[str, ...]], what: str, why: str = ""
) -> None:
    """A step runs in a state it must not run in.

    Bad: ``engine-setup`` on a self-hosted Manager before global maintenance is on.
    Good: ``hosted-engine --set-maintenance --mode=global`` first, then ``engine-setup``.
    """
    for name, accepted in needs.items():
        if name in walk.state and walk.state[name] not in accepted:
            reason = f": {why}" if why else ""
            walk.report(
                RULES["flow-requires"],
                event.path,
                event.line,
                f"{what} needs {name} = {' or '.join(accepted)}, but {walk.describe(name)}{reason}",
            )


@flow_rule("flow-never", "error")
def check_never(walk: Walk, event: Event) -> None:
    """A step leads to a combination of states that must never happen.

    Bad: ``engine-setup`` starts the new Manager while the old one still runs.
    Good: stop ``ovirt-engine`` on the old Manager before the new one starts.
    """
    for never in walk.model.never:
        if all(walk.state.get(k) == v for k, v in never.states.items()):
            states = ", ".join(f"{k} = {v}" for k, v in never.states.items())
            walk.report(
                RULES["flow-never"],
                event.path,
                event.line,
                f"after this, {states}: {never.meaning}",
            )


@flow_rule("flow-no-effect", "warning")
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


@flow_rule("flow-end", "error")
def check_end(walk: Walk, guide: Guide, path: str) -> None:
    """A guide ends with the environment in a transitional state.

    Bad: a host put in maintenance and never activated again.
    Good: the procedure activates the host after the reboot.
    """
    for name, value in sorted(walk.state.items()):
        state = walk.model.states[name]
        if value in state.transitional:
            where = walk.origin.get(name, (path, 1))
            walk.report(
                RULES["flow-end"],
                *where,
                f"guide {guide.id!r} ({walk.topology}) ends with {name} = {value} "
                f"({walk.where(name)}): {state.meaning}",
            )


RULES["flow-data"] = FlowRule(
    "flow-data",
    "error",
    """The state model or an annotation is wrong.

Bad: ``% sets: manager-vm = off`` where the state's values are ``up`` and ``down``.
Good: ``% sets: manager-vm = down``.
""",
)
