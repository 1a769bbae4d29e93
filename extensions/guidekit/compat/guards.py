"""The version guard: every compat module's tested versions and shape check.

At ``config-inited`` the extension calls :func:`untested_upstreams`. For an
upstream in the range a module was tested with, nothing more is done (the
contract tests in ``tests/compat`` checked that version). For one outside
it, the module's shape check runs: if the shape still fits, the build warns
(``guidekit.compat``; ``-W`` makes it fail) naming the upstream; if it does
not, the build stops with the message of :class:`UpstreamChanged`.
"""

from __future__ import annotations

from collections.abc import Callable

from guidekit.compat import Tested, UpstreamChanged, copybutton, furo, myst, sphinx, sphinx_tabs

#: Each upstream, with the check of the shape its compat module relies on.
UPSTREAMS: tuple[tuple[Tested, Callable[[], None]], ...] = (
    (sphinx.TESTED, sphinx.check_sphinx),
    (myst.TESTED, myst.check_myst),
    (furo.TESTED, furo.check_furo),
    (copybutton.TESTED, copybutton.check_copybutton),
    (sphinx_tabs.TESTED, sphinx_tabs.check_sphinx_tabs),
)


def untested_upstreams() -> list[str]:
    """Warnings for the upstreams installed in a version no compat module was
    tested with, whose shape still fits; raises :class:`UpstreamChanged` when
    one does not fit. An upstream that is not installed is not patched."""
    warnings = []
    for tested, check in UPSTREAMS:
        if tested.fits() or tested.installed() is None:
            continue
        check()
        warnings.append(
            f"{tested.distribution} {tested.installed()} is outside the versions "
            f"guidekit was tested with ({tested.range}); its compat checks pass, "
            "but the pages may differ (guidekit/compat)"
        )
    return warnings


__all__ = ["UPSTREAMS", "UpstreamChanged", "untested_upstreams"]
