"""The manifest's terms: its keys, release phases, prompts, conditions and guide kinds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: The key of a group of alternatives; no procedure can have this id.
ONE_OF = "one-of"
#: The key of a branch's steps in a group of alternatives; no procedure has this id.
STEPS = "steps"


class Phase(StrEnum):
    """A step's ``phase:`` in the manifest.

    ``phase: upgrade`` marks the steps that move the environment between releases:
    steps before the first run on the old release, steps after the last on the new.
    """

    UPGRADE = "upgrade"


PHASES = tuple(phase.value for phase in Phase)

#: The topology of a guide for every topology the manifest declares (the
#: manifest gives it a label like any other, e.g. ``any: All environments``).
ANY_TOPOLOGY = "any"

#: The prompts a command block's lines start with: a root shell, a user's shell
#: (where commands that need root say ``sudo``).
PROMPTS = ("#", "$")

#: A condition's value as the manifest writes it: a word (``rhvh``) or yes/no.
ConditionValue = str | bool | int
#: facet -> allowed values, from a ``when:`` mapping.
Conditions = dict[str, tuple[ConditionValue, ...]]
#: An environment: the value of each condition, the topology's included.
Facts = dict[str, ConditionValue]

#: The engine's sentences a guide's front page can start with (translated by the
#: engine's catalog): a move between releases, a minor update, a supplement.
SENTENCES = ("upgrade", "update", "supplement")
#: Which releases the guides of a kind name (``versions:``): the one they start from
#: and the one they lead to, or only the one they are for (``from`` is then ``to``
#: unless the guide names it).
VERSIONS = ("from-to", "to")
#: What ``default:`` of a kind matches: guides whose ``from`` and ``to`` differ, or
#: are the same release.
DEFAULTS = ("new-release", "same-release")


@dataclass(frozen=True)
class GuideKind:
    """What the engine does with the guides of one kind (``kinds:`` in the manifest)."""

    name: str
    #: Its guides make up the paths the helper and checklist offer, and the landing
    #: page lists them first; guides of other kinds come after them.
    path: bool = False
    #: A reader goes on from such a guide to the guide of the same kind and topology
    #: that starts from the release it leads to.
    continues: bool = False
    #: The sentence its guides' front pages start with (one of SENTENCES).
    sentence: str = "supplement"
    #: The guides without ``kind:`` it is given to (one of DEFAULTS), if any.
    default: str | None = None
    #: The releases its guides must name (one of VERSIONS): a move between releases
    #: names both, an update or a supplement only the release it is for.
    versions: str = "to"


#: The kinds of a manifest that declares none (the same as writing them out).
DEFAULT_KINDS: dict[str, GuideKind] = {
    "upgrade": GuideKind("upgrade", True, True, "upgrade", "new-release", "from-to"),
    "update": GuideKind("update", True, False, "update", "same-release"),
    "appendix": GuideKind("appendix"),
}
