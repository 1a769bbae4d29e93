"""cmdlint's own error type: a problem with the input, named by file (and line)."""

from __future__ import annotations


class CmdlintError(Exception):
    """Bad input or configuration; the CLI prints it and exits with status 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(f"{where}{message}")
