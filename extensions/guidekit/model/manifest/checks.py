"""The checks that tie a manifest to the procedure library and the version matrix, and
the template context of a guide."""

from __future__ import annotations

from typing import Any

from guidekit.model.errors import GuideError, Kind
from guidekit.model.manifest.guides import (
    Guide,
    Manifest,
)
from guidekit.model.manifest.terms import (
    ANY_TOPOLOGY,
    Phase,
)
from guidekit.model.matrix import VersionMatrix
from guidekit.model.procedures import Library, bind_params
from guidekit.model.templating import template_globals


def check_topologies(manifest: Manifest, library: Library) -> None:
    """Every topology a procedure applies to is one the manifest declares, and so is
    everything its ``downtime:`` names."""
    known = (*manifest.topology_ids, ANY_TOPOLOGY)
    for proc in library.procedures.values():
        for name, _when in proc.checks.downtime:
            if name not in manifest.downtime:
                raise GuideError(
                    f"downtime: {name!r} is not declared under 'downtime' in the manifest "
                    f"({', '.join(manifest.downtime) or 'nothing is'})",
                    proc.path,
                    proc.checks.line,
                    Kind.FRONT_MATTER,
                )
        for topology in proc.applies_to.get("topology", ()):
            if topology not in known:
                raise GuideError(
                    f"applies-to: topology {topology!r} is not one of the manifest's "
                    f"topologies ({', '.join(known)})",
                    proc.path,
                    proc.applies_line,
                    Kind.FRONT_MATTER,
                )


def check_manifest(manifest: Manifest, library: Library, matrix: VersionMatrix) -> None:
    """Tie the manifest to procedures and matrix: every error names the manifest line."""
    path = manifest.path
    check_topologies(manifest, library)
    for guide in manifest.guides:
        for version in (guide.from_version, guide.to_version):
            if version not in matrix.releases:
                raise GuideError(
                    f"guide {guide.id!r}: release {version!r} is not in the version matrix",
                    path,
                    guide.line,
                    Kind.MANIFEST,
                )
        for step in (*guide.intro, *guide.steps):
            proc = library.get(step.procedure)
            if proc is None:
                raise GuideError(
                    f"guide {guide.id!r}: unknown procedure {step.procedure!r} "
                    f"(no file procedures/{step.procedure}.md)",
                    path,
                    step.line,
                    Kind.UNKNOWN_PROCEDURE,
                )
            why = proc.applies(guide.facets)
            if why:
                raise GuideError(
                    f"guide {guide.id!r} cannot use procedure {step.procedure!r}: {why}",
                    path,
                    step.line,
                    Kind.FACETS,
                )
            _values, problems = bind_params(proc, step.params)
            if problems:
                raise GuideError(problems[0], path, step.line, Kind.PARAMS)
            if step.phase == Phase.UPGRADE and not proc.checks.verify:
                # The administrator must be told how to see that the upgrade worked.
                raise GuideError(
                    f"guide {guide.id!r}: step {step.slug!r} moves the environment to "
                    f"{guide.to_version} but procedures/{step.procedure}.md declares no "
                    "'verify:' (how to check that it worked; see procedures/README.md)",
                    path,
                    step.line,
                    Kind.MANIFEST,
                )
            for part in step.parts:
                if part.procedure not in library.procedures:
                    raise GuideError(
                        f"guide {guide.id!r}: step {step.slug!r} lists unknown part "
                        f"{part.procedure!r} (no file procedures/{part.procedure}.md)",
                        path,
                        part.line,
                        Kind.UNKNOWN_PROCEDURE,
                    )


def guide_context(guide: Guide, manifest: Manifest, matrix: VersionMatrix) -> dict[str, Any]:
    """The template variables of one guide (see procedures/README.md), with the
    project's template helpers (``macros.jinja``) made for them."""
    context: dict[str, Any] = {
        "guide": {
            "id": guide.id,
            "title": guide.title,
            "topology": guide.topology,
            "topology_label": manifest.topologies.get(guide.topology, guide.topology),
            "from": guide.from_version,
            "to": guide.to_version,
            "kind": guide.kind,
        },
        "src": matrix.release(guide.from_version),
        "dst": matrix.release(guide.to_version),
        "releases": matrix.releases,
    }
    if matrix.helpers:
        context.update(template_globals(matrix.helpers, matrix.helpers_path, context))
    return context
