"""What a batch run reads: folders (recursive), files, list files (`@paths.txt`) and `-` (paths
on standard input), expanded into documents in a stable order.

Images and PDFs go to the service; `.json` files are service answers (or bare field objects)
checked directly. Hidden files and folders are skipped, symbolic links to folders are not
followed (no cycles), and every path is kept as given (normalised, not resolved), so the same
command run again from the same folder names the same documents and resumes.

Documents are produced one at a time (`iter_documents`, `Inputs`): a run over a folder of a
million scans holds none of their names, only the folders and files named on the command line.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, TextIO

Kind = Literal["image", "pdf", "answer", "missing"]
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".heic", ".heif", ".gif"})
MAX_LIST_LINE = 4096
_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
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


def _ancestors(path: str) -> Iterator[str]:
    """The folders a normalised path lies in, nearest first (`.` for a relative path not above it)."""
    parent = os.path.dirname(path)
    while parent and parent != path:
        yield parent
        path, parent = parent, os.path.dirname(parent)
    if not os.path.isabs(path) and path.split(os.sep, 1)[0] != os.pardir:
        yield os.curdir


def _reached(folder: str, path: str, *, is_folder: bool) -> bool:
    """Whether walking `folder` (which `path` lies in) lists the file `path`, or enters the
    folder `path`: not through a hidden name or a symbolic link to a folder, and a file only
    with a wanted suffix."""
    parts = os.path.relpath(path, folder).split(os.sep)
    if any(part.startswith(".") for part in parts) or (not is_folder and not _wanted(parts[-1])):
        return False
    current = folder
    for part in parts if is_folder else parts[:-1]:
        current = os.path.join(current, part)
        if os.path.islink(current):
            return False
    return True


def _digest(path: str) -> bytes:
    return hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=16).digest()


class _Listed:
    """What was listed so far, in memory that grows with the inputs named, not with the files
    found in folders: the folders walked, and (hashed) the files named one by one. A path is
    not listed again when named again or when a folder walked before listed it."""

    def __init__(self) -> None:
        self.folders: set[str] = set()
        self.files: set[bytes] = set()

    def covered(self, path: str, *, is_folder: bool) -> bool:
        return any(folder in self.folders and _reached(folder, path, is_folder=is_folder)
                   for folder in _ancestors(path))

    def named(self, path: str, *, exists: bool) -> bool:
        """True when the file `path` was listed already; remembers it otherwise."""
        digest = _digest(path)
        if digest in self.files or (exists and self.covered(path, is_folder=False)):
            return True
        self.files.add(digest)
        return False

    def listed_before(self, path: str) -> bool:
        return _digest(path) in self.files


def _walk(folder: str, listed: _Listed) -> Iterator[str]:
    """The wanted files of a folder tree, sorted, hidden names skipped, symbolic links to
    folders not followed (no cycles); folders walked before and files named before left out."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.normpath(os.path.join(root, d)) not in listed.folders)
        for name in sorted(files):
            if _wanted(name):
                path = os.path.normpath(os.path.join(root, name))
                if not listed.listed_before(path):
                    yield path


def iter_documents(inputs: Iterable[str], *, stdin: TextIO | None = None) -> Iterator[Document]:
    """Every document the inputs name, each once, in the order given (folders sorted inside),
    one at a time: a run over a million files never holds the list."""
    listed = _Listed()

    def one(given: str) -> Iterator[Document]:
        path = os.path.normpath(given)
        if os.path.isdir(path):
            if path in listed.folders or listed.covered(path, is_folder=True):
                return
            found = _walk(path, listed)
            listed.folders.add(path)
            for entry in found:
                yield Document(entry, kind_of(entry))
            return
        exists = os.path.isfile(path)
        if listed.named(path, exists=exists):
            return
        if not exists:
            reason = "no such file or folder" if not os.path.lexists(path) else "not a regular file"
            yield Document(path, "missing", reason)
            return
        yield Document(path, kind_of(path))

    for given in inputs:
        if given == "-":
            for entry in _listed("-", stdin if stdin is not None else sys.stdin):
                yield from one(entry)
        elif given.startswith("@") and len(given) > 1:
            try:
                entries = _listed(given[1:])
                first = next(entries, None)
            except OSError as error:
                yield Document(given, "missing", f"cannot read the list: {error.strerror or error}")
                continue
            if first is not None:
                yield from one(first)
                for entry in entries:
                    yield from one(entry)
        else:
            yield from one(given)


class Inputs:
    """The documents of `inputs`, to be read more than once (counted, then run) without holding
    them: folders and list files are read again; paths on standard input are kept in a
    temporary file, since standard input can be read only once."""

    def __init__(self, inputs: Iterable[str], *, stdin: TextIO | None = None) -> None:
        self.inputs = list(inputs)
        self._spool: TextIO | None = None
        if "-" in self.inputs:
            self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
            for entry in _listed("-", stdin if stdin is not None else sys.stdin):
                self._spool.write(entry + "\n")

    def __iter__(self) -> Iterator[Document]:
        if self._spool is not None:
            self._spool.seek(0)
        return iter_documents(self.inputs, stdin=self._spool)

    def count(self) -> tuple[int, bool]:
        """(documents, whether any goes to the service), in one pass."""
        total, sent = 0, False
        for document in self:
            total += 1
            sent = sent or document.kind in ("image", "pdf")
        return total, sent

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def __enter__(self) -> Inputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def expand(inputs: Iterable[str], *, stdin: TextIO | None = None) -> list[Document]:
    """`iter_documents` as a list (for small inputs and tests; a run streams them)."""
    return list(iter_documents(inputs, stdin=stdin))
