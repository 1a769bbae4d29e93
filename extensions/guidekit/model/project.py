"""Load everything a build needs (matrix, procedures, manifest) and check it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guidekit.model.manifest import Manifest, check_manifest, load_manifest
from guidekit.model.matrix import VersionMatrix, load_matrix
from guidekit.model.procedures import Library, load_library


@dataclass(frozen=True)
class Project:
    manifest: Manifest
    library: Library
    matrix: VersionMatrix

    @property
    def data_files(self) -> tuple[str, str]:
        """Files every guide page depends on besides its procedures."""
        return (self.manifest.path, self.matrix.path)


def load_project(
    manifest: Path, procedures: Path, versions: Path, root: Path | None = None
) -> Project:
    """Load and cross-check; raises GuideError naming file and line. ``root`` is
    the project's folder (procedures may not link outside it)."""
    matrix = load_matrix(versions)
    library = load_library(procedures, root)
    parsed = load_manifest(manifest)
    check_manifest(parsed, library, matrix)
    return Project(parsed, library, matrix)
