"""What a batch run reads: folders (recursive), files, list files (`@paths.txt`) and `-` (paths
on standard input), expanded into documents in a stable order.

Images and PDFs go to the service; `.json` files are service answers (or bare field objects)
checked directly. Hidden files and folders are skipped, symbolic links to folders are not
followed (no cycles), and every path is kept as given (normalised, not resolved), so the same
command run again from the same folder names the same documents and resumes.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, TextIO

Kind = Literal["image", "pdf", "answer", "missing"]
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".heic", ".heif", ".gif"})
MAX_LIST_LINE = 4096
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Document:
    path: str
    kind: Kind
    reason: str = ""  # why a `missing` document cannot be read

    def sha256(self) -> str:
        """Content hash, read in blocks (memory stays flat whatever the file's size)."""
        digest = hashlib.sha256()
        with open(self.path, "rb") as handle:
            while block := handle.read(_BLOCK):
                digest.update(block)
        return digest.hexdigest()


def kind_of(path: str) -> Kind:
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".json":
        return "answer"
    return "image"


def _wanted(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return not name.startswith(".") and (suffix in IMAGE_SUFFIXES or suffix in (".pdf", ".json"))


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if _wanted(name):
                yield os.path.normpath(os.path.join(root, name))


def _listed(path: str, stream: TextIO | None = None) -> Iterator[str]:
    handle = stream if stream is not None else open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
    try:
        for line in handle:
            entry = line.strip()[:MAX_LIST_LINE]
            if entry and not entry.startswith("#"):
                yield entry
    finally:
        if stream is None:
            handle.close()


def expand(inputs: Iterable[str], *, stdin: TextIO | None = None) -> list[Document]:
    """Every document the inputs name, each once, in the order given (folders sorted inside)."""
    seen: set[str] = set()
    out: list[Document] = []

    def add(path: str, explicit: bool) -> None:
        path = os.path.normpath(path)
        if path in seen:
            return
        seen.add(path)
        if os.path.isdir(path):
            for found in _walk(path):
                add(found, explicit=False)
            return
        if not os.path.isfile(path):
            reason = "no such file or folder" if not os.path.lexists(path) else "not a regular file"
            out.append(Document(path, "missing", reason))
            return
        if explicit or _wanted(os.path.basename(path)):
            out.append(Document(path, kind_of(path)))

    for given in inputs:
        if given == "-":
            for entry in _listed("-", stdin if stdin is not None else sys.stdin):
                add(entry, explicit=True)
        elif given.startswith("@") and len(given) > 1:
            try:
                entries = list(_listed(given[1:]))
            except OSError as error:
                out.append(Document(given, "missing", f"cannot read the list: {error.strerror or error}"))
                continue
            for entry in entries:
                add(entry, explicit=True)
        else:
            add(given, explicit=True)
    return out
