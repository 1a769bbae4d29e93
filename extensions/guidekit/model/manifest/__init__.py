"""The guide manifest (source/guides.yaml): which guides exist, in which order
they run which procedures, and the checks that tie it to the procedure library
and the version matrix.

A step is a procedure id, or ``{id: options}`` where the options are about the
step (``slug``, ``optional``, ``when``, ``parts``, ``phase``) and the
procedure's parameters go under ``with:``. A step can also be ``one-of:``, a
choice between alternatives (branches): each names, under ``if:``, the case a
reader picks it in, and is one step or, under ``steps:``, several in order.

The package, one module per concern (import from the package itself):

- ``terms``: the manifest's keys, release phases, prompts, conditions, guide kinds;
- ``schema``: the JSON Schemas of the manifest and of a procedure's front matter;
- ``guides``: the data (``Manifest``, ``Guide``, ``Step``) and the order a reader
  follows (``Guide.outline()``, ``Guide.number(step)``, next and previous step);
- ``parse``: reading ``source/guides.yaml`` (``parse_manifest``, ``load_manifest``);
- ``checks``: the ties to the procedure library and the version matrix, and the
  template context of a guide.
"""

from __future__ import annotations

from guidekit.model.manifest.checks import (
    check_manifest,
    check_topologies,
    guide_context,
)
from guidekit.model.manifest.guides import (
    Branch,
    Guide,
    Item,
    Machine,
    Manifest,
    Part,
    Step,
    branch_letter,
)
from guidekit.model.manifest.parse import (
    guide_kinds,
    load_manifest,
    parse_manifest,
    vocabulary,
)
from guidekit.model.manifest.schema import (
    front_matter_schema,
    kinds_schema,
    manifest_schema,
    when_schema,
)
from guidekit.model.manifest.terms import (
    ANY_TOPOLOGY,
    DEFAULT_KINDS,
    DEFAULTS,
    ONE_OF,
    PHASES,
    PROMPTS,
    SENTENCES,
    STEPS,
    VERSIONS,
    Conditions,
    ConditionValue,
    Facts,
    GuideKind,
    Phase,
)

__all__ = [
    "ANY_TOPOLOGY",
    "DEFAULTS",
    "DEFAULT_KINDS",
    "ONE_OF",
    "PHASES",
    "PROMPTS",
    "SENTENCES",
    "STEPS",
    "VERSIONS",
    "Branch",
    "ConditionValue",
    "Conditions",
    "Facts",
    "Guide",
    "GuideKind",
    "Item",
    "Machine",
    "Manifest",
    "Part",
    "Phase",
    "Step",
    "branch_letter",
    "check_manifest",
    "check_topologies",
    "front_matter_schema",
    "guide_context",
    "guide_kinds",
    "kinds_schema",
    "load_manifest",
    "manifest_schema",
    "parse_manifest",
    "vocabulary",
    "when_schema",
]
