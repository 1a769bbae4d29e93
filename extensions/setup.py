"""Build step of the guidekit wheel: the example project (``examples/shop`` of the
repository) goes into the package as ``guidekit/starter``, the project that
``guidekit init`` copies. Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shop"
# What a build leaves in the example and a new project must not start with.
NOT_SHIPPED = shutil.ignore_patterns("_build", "__pycache__", "guides", "*.mo")


class BuildWithStarter(build_py):
    """build_py, plus the example project copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install finds examples/shop in the source tree
        if not (EXAMPLE / "conf.py").is_file():
            raise SystemExit(
                f"guidekit: the example project {EXAMPLE} is missing; build the "
                "wheel from a checkout of the repository (pip wheel ./extensions)"
            )
        target = Path(self.build_lib) / "guidekit" / "starter"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(EXAMPLE, target, ignore=NOT_SHIPPED)


setup(cmdclass={"build_py": BuildWithStarter})
