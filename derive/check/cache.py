"""Decided statements remembered: within a run (in memory) and across runs (``--cache DIR``).

The key is the statement's text (with its premise), the definitions in force when it was
read, and derive's version: the package version and a digest of every source file of the
package (the reader, the kernel, every method of the engine), so that a changed decider
never serves an old verdict. Timeouts and errors are not stored.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any


def source_files() -> list[Path]:
    """Every Python source of the package: any module may take part in a decision (the
    engine's methods, the renderer of its reasons), so a change anywhere is a new version."""
    root = Path(__file__).resolve().parent.parent
    return sorted(p for p in root.rglob("*.py") if p.is_file())


def derive_version() -> str:
    """``<package version>+<digest of the deciding sources>``."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for f in source_files():
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    try:
        version = metadata.version("derive")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"{version}+{h.hexdigest()[:16]}"


class Cache:
    """A dictionary of decided statements, optionally backed by a directory (one JSON file
    per statement, named by the key's SHA-256)."""

    def __init__(self, directory: str | None = None):
        self.memory: dict[str, dict[str, Any]] = {}
        self.directory = Path(directory) if directory else None
        self.version = derive_version()
        self.hits = 0
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)

    def key(self, statement: str, context: str) -> str:
        text = json.dumps([self.version, " ".join(statement.split()), context])
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        hit = self.memory.get(key)
        if hit is None and self.directory is not None:
            path = self.directory / f"{key}.json"
            try:
                hit = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                hit = None
            if hit is not None and not {"verdict", "reason", "method"} <= set(hit):
                hit = None
            if hit is not None:
                self.memory[key] = hit
        if hit is not None:
            self.hits += 1
        return hit

    def put(self, key: str, result) -> None:
        entry = {"verdict": str(result.verdict), "reason": result.reason,
                 "method": result.method}
        self.memory[key] = entry
        if self.directory is not None:
            tmp = self.directory / f".{key}.{os.getpid()}.tmp"
            try:
                tmp.write_text(json.dumps(entry), encoding="utf-8")
                os.replace(tmp, self.directory / f"{key}.json")
            except OSError:
                pass  # a cache that cannot be written is only slower
