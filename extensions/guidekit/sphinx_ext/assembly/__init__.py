"""Directives that assemble guides from procedures (one module each, and ``base``).

- ``{guide} ID`` — a guide's front page: intro, numbered overview, page tree.
- ``{guide-step} ID SLUG`` — one step page: the procedure, then a "Next:" link.
- ``{procedure} ID`` (YAML parameters as content) — include a procedure.
- ``{procref}`ID``` — link to the step that runs a procedure in this guide.

Procedures are rendered with Jinja, then parsed by MyST with the procedure
file as the source, so every warning names the file a writer edits.
"""

from __future__ import annotations

from guidekit.sphinx_ext.assembly.base import (
    AssemblyDirective,
    condition_text,
    locate_literal_lines,
    next_step,
    translation_source,
)
from guidekit.sphinx_ext.assembly.front_page import (
    GuideDirective,
    intro_sentence,
)
from guidekit.sphinx_ext.assembly.procedure import (
    ProcedureDirective,
    ProcRefRole,
)
from guidekit.sphinx_ext.assembly.step_page import (
    GuideStepDirective,
)

__all__ = [
    "AssemblyDirective",
    "GuideDirective",
    "GuideStepDirective",
    "ProcRefRole",
    "ProcedureDirective",
    "condition_text",
    "intro_sentence",
    "locate_literal_lines",
    "next_step",
    "translation_source",
]
