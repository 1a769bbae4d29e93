"""The sequence check: walk every guide through the state model.

Each step of a guide gives events (:mod:`.reading`): its commands, by the
rules of procedures/states.yaml, and its annotations (``% sets:`` and
``% needs:`` comment lines in a procedure, for steps without a command) say
what it requires and what it changes. The walk (:mod:`.guides`) starts from
the state of the guide's topology and goes through every step in order and
every branch of every group of alternatives, in every environment that the
``when:`` conditions of the steps, of their parts and of the state model's rules
tell apart (a part that does not apply there does nothing); the rules (:mod:`.rules`) report on
the way, into the walk's findings (:mod:`.walk`). Findings name the procedure
file and line. Pure.
"""

from guidekit.model.flow.guides import (
    MAX_PATHS,
    GuideFlow,
    check_guide,
    check_project,
    environments,
    paths,
)
from guidekit.model.flow.reading import Event, parse_annotation
from guidekit.model.flow.rules import RULES
from guidekit.model.flow.walk import FlowFinding, FlowRule

__all__ = [
    "MAX_PATHS",
    "RULES",
    "Event",
    "FlowFinding",
    "FlowRule",
    "GuideFlow",
    "check_guide",
    "check_project",
    "environments",
    "parse_annotation",
    "paths",
]
