"""``-b cmdlint`` checks the versions of the guides' text, English and translated:
a wrong version is reported at the procedure line or at the catalog's msgstr line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.building import trim_guides


@pytest.mark.slow
def test_wrong_versions_in_text_and_catalog(
    tmp_path: Path, project_copy: Callable[..., Path], lint_build: Callable[..., Any]
) -> None:
    # a 4.2 -> 4.3 guide runs both changed texts (the version is wrong there)
    root = trim_guides(project_copy("locales"), ("she-4.2-to-4.3",))
    # English: the reference's fault, a fixed "4.4" in the prerequisites of every guide
    prerequisites = root / "procedures" / "prerequisites.md"
    text = prerequisites.read_text(encoding="utf-8")
    marker = "requirements of Red Hat Virtualization {{ guide.to }}."
    assert marker in text
    prerequisites.write_text(text.replace(marker, marker.replace("{{ guide.to }}", "4.4")))
    # Japanese: a translation that names 4.4 where its English names 4.2
    catalog = root / "locales" / "ja" / "LC_MESSAGES" / "guides.po"
    lines = catalog.read_text(encoding="utf-8").split("\n")
    msgid = 'msgid "The repositories that Red Hat Virtualization 4.2 requires are enabled'
    number = next(i for i, line in enumerate(lines) if line.startswith(msgid)) + 1
    assert lines[number].startswith("msgstr") and "4.2" in lines[number]
    lines[number] = lines[number].replace("Virtualization 4.2", "Virtualization 4.4")
    catalog.write_text("\n".join(lines), encoding="utf-8")

    status, report, _output = lint_build(root, tmp_path / "out")
    found = {(f["path"], f["line"]) for f in report if f["rule"] == "prose-version"}
    line = next(i for i, t in enumerate(text.split("\n"), 1) if "requirements of Red" in t)
    assert (str(prerequisites), line) in found
    assert (str(catalog), number + 1) in found
    assert status == 1
