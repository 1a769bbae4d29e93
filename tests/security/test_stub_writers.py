"""The languages of ``guidekit build`` build side by side and both write the stub
pages at once: one writes them, the other waits and finds them written (a
fresh checkout has no stub folder; the second build used to stop with "was not
written by guidekit")."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from guidekit.files import stubs
from guidekit.model.errors import GuideError
from guidekit.model.manifest import load_manifest
from guidekit.model.naming import STUB_DIR

REPO = Path(__file__).resolve().parents[2]


def test_two_builds_write_the_stub_pages_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = load_manifest(REPO / "source" / "guides.yaml")
    write = stubs._write_file

    def slow_write(path: Path, text: str) -> None:  # the other writer runs meanwhile
        time.sleep(0.002)
        write(path, text)

    monkeypatch.setattr(stubs, "_write_file", slow_write)
    errors: list[GuideError] = []

    def build() -> None:
        try:
            stubs.write_stubs(tmp_path, manifest)
        except GuideError as error:
            errors.append(error)

    builds = [threading.Thread(target=build) for _ in range(2)]
    for thread in builds:
        thread.start()
    for thread in builds:
        thread.join()
    assert errors == []
    assert stubs.write_stubs(tmp_path, manifest) == []  # all written, and once
    assert not list(tmp_path.glob(".*.lock"))  # the lock leaves nothing behind
    assert (tmp_path / STUB_DIR).is_dir()
