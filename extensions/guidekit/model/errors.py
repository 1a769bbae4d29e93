"""The one error type of guidekit: a problem in a file a writer edits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class GuideError(Exception):
    """A content error that names the file and (1-based) line to fix.

    ``kind`` is the warning subtype (``guidekit.<kind>``) so that
    ``suppress_warnings`` can target one family of problems.
    """

    message: str
    path: str | Path | None = None
    line: int | None = None
    kind: str = "content"

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        loc = self.location
        return f"{loc}: {self.message}" if loc else self.message


def read_text(path: Path) -> str:
    """Read a UTF-8 file; invalid bytes become a GuideError naming the line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GuideError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path,
            line,
            kind="encoding",
        ) from None
