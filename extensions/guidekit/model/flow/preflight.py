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

from guidekit.model.errors import GuideError, Kind
from guidekit.model.flow.guides import GuideFlow
from guidekit.model.flow.walk import Origin
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


def start_requirements(model: StateModel, flow: GuideFlow) -> list[StartRequirement]:
    """The guide's pre-flight list, in the order the states are declared.

    Only instances of an environment that exist at the start count (a new
    self-hosted engine deployed by the guide is not a precondition)."""
    found: dict[str, tuple[list[str], Origin]] = {}
    for (topology, key), origin in sorted(flow.assumed.items()):
        name, _, instance = key.partition(".")
        if name not in model.states:
            continue  # a machine's membership, not a state
        if instance and instance not in model.world.start_state(topology).values():
            continue
        topologies, _first = found.setdefault(name, ([], origin))
        if topology not in topologies:
            topologies.append(topology)
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
        requirements.append(
            StartRequirement(name, value, state.check, tuple(topologies), origin, only)
        )
    return requirements
