"""What must be true before step 1 of a guide: its pre-flight list.

The walk (:mod:`.guides`) notes every state a step reads or changes before any
step of the guide set it: the guide relies on that state having its start value
(``engine = running`` before ``systemctl stop ovirt-engine``). Each such state
declares in procedures/states.yaml how an administrator sees it (``check:`` with
a sentence and optionally a command and its machine), or that it is ``given``
(true by definition at the start, such as "no backup taken yet"). A state the
guide relies on without a ``check:`` is an error at the state's line: the list
would silently be incomplete. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from guidekit.model.errors import GuideError, Kind
from guidekit.model.flow.guides import GuideFlow
from guidekit.model.flow.walk import Origin
from guidekit.model.manifest import Conditions, ConditionValue, Manifest
from guidekit.model.states import StartCheck, StateModel


@dataclass(frozen=True)
class StartRequirement:
    """One line of the pre-flight list: a state at its start value, how to check it."""

    state: str
    value: str
    check: StartCheck
    #: the topologies of the guide it applies to, and the first step that relies on it
    topologies: tuple[str, ...]
    origin: Origin
    #: the topologies it applies to when the guide has others too (else empty)
    only: tuple[str, ...] = ()
    #: the conditions of the environment (name, value) it applies to only when they
    #: all hold (a remote Data Warehouse; Gluster storage on RHVH hosts), when the
    #: guide also walks environments without
    when: tuple[tuple[str, ConditionValue], ...] = ()

    def conditions(self) -> Conditions:
        """Where it applies, as a ``when:`` of the manifest (empty: everywhere)."""
        found: Conditions = {"topology": self.only} if self.only else {}
        found.update((name, (value,)) for name, value in self.when)
        return found

    def condition_labels(self, manifest: Manifest) -> list[str]:
        """The manifest's words for where it applies (untranslated): the topologies,
        a yes/no condition's label, the label of another condition's value."""
        names = [manifest.label("topology", t) for t in self.only]
        return names + [
            manifest.label(name) if value is True else manifest.label(name, value)
            for name, value in self.when
        ]


def start_requirements(model: StateModel, flow: GuideFlow) -> list[StartRequirement]:
    """The guide's pre-flight list, in the order the states are declared.

    Only instances of an environment that exist at the start count (a new
    self-hosted engine deployed by the guide is not a precondition)."""
    found: dict[str, tuple[list[str], Origin]] = {}
    environments: dict[str, list[dict[str, Any]]] = {}
    for (topology, key), origin in sorted(flow.assumed.items()):
        name, _, instance = key.partition(".")
        if name not in model.states:
            continue  # a machine's membership, not a state
        if instance and instance not in model.world.start_state(topology).values():
            continue
        topologies, _first = found.setdefault(name, ([], origin))
        if topology not in topologies:
            topologies.append(topology)
        seen = environments.setdefault(name, [])
        seen.extend(f for f in flow.assumed_in.get((topology, key), []) if f not in seen)
    walked = {facts["topology"] for facts, _steps, _end in flow.ends}
    requirements = []
    for name, state in model.states.items():
        if name not in found:
            continue
        topologies, origin = found[name]
        if state.check is None:
            raise GuideError(
                f"guide {flow.guide.id!r} relies on state {name!r} being "
                f"{state.start_value(topologies[0])} at its start (first at {origin[0]}:"
                f"{origin[1]}): declare how to check it (check: text, command, machine; or "
                "check: given)",
                model.path,
                state.line,
                Kind.STATES,
            )
        if state.check.given:
            continue
        value = state.start_value(topologies[0]) or ""
        only = () if set(topologies) >= walked else tuple(topologies)
        when = _only_when(environments[name], flow.walked, topologies)
        requirements.append(
            StartRequirement(name, value, state.check, tuple(topologies), origin, only, when)
        )
    return requirements


def _only_when(
    seen: list[dict[str, Any]], walked: list[dict[str, Any]], topologies: list[str]
) -> tuple[tuple[str, ConditionValue], ...]:
    """The conditions that every environment (of these topologies) relying on the
    state shares and that, together, no environment without it meets: a yes/no
    condition that holds, or another condition's value (``host-type: rhvh``). The
    fewest that do; none when no such set exists."""
    others = [f for f in walked if f["topology"] in topologies and f not in seen]
    if not seen or not others:
        return ()
    shared = [
        (name, value)
        for name, value in seen[0].items()
        if name != "topology" and value is not False and all(f.get(name) == value for f in seen)
    ]

    def excludes(pairs: list[tuple[str, ConditionValue]]) -> bool:
        return not any(all(f.get(n) == v for n, v in pairs) for f in others)

    if not excludes(shared):
        return ()
    needed = list(shared)
    for pair in shared:
        rest = [p for p in needed if p != pair]
        if rest and excludes(rest):
            needed = rest
    return tuple(needed)
