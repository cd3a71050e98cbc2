"""Inputs streamed one document at a time, and the results file read line by line with offsets:
the same documents, in the same order, as listing everything and dropping repeats would give."""

from __future__ import annotations

import asyncio
import io
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocrcheck.batch import ResultsFile, expand
from ocrcheck.batch._inputs import Inputs, iter_documents
from ocrcheck.batch._results import GroupWriter, compact


def _model(inputs: list[str]) -> list[tuple[str, str]]:
    """The plain definition: every input listed in full (folders walked: sorted, hidden names and
    links to folders skipped, wanted suffixes only), then each path kept at its first place."""
    wanted = (".png", ".jpg", ".jpeg", ".pdf", ".json")

    def kind(path: str) -> str:
        suffix = os.path.splitext(path)[1].lower()
        return {".pdf": "pdf", ".json": "answer"}.get(suffix, "image")

    def walk(folder: str) -> Iterator[str]:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and name.lower().endswith(wanted):
                    yield os.path.normpath(os.path.join(root, name))

    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for given in inputs:
        path = os.path.normpath(given)
        if os.path.isdir(path):
            found = [(p, kind(p)) for p in walk(path)]
        elif os.path.isfile(path):
            found = [(path, kind(path))]
        else:
            found = [(path, "missing")]
        for entry in found:
            if entry[0] not in seen:
                seen.add(entry[0])
                out.append(entry)
    return out


def test_streamed_inputs_match_the_plain_definition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20261202)
    names = ["a", "b", "c", ".h", "d"]
    for _ in range(80):
        folder = tmp_path.joinpath(*[rng.choice(names) for _ in range(rng.randint(0, 3))])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / rng.choice(["x.png", "y.json", "z.txt", ".k.png", "w.pdf", "v.JPG"])).write_bytes(b"1")
    (tmp_path / "a").mkdir(exist_ok=True)
    (tmp_path / "a" / "x.png").write_bytes(b"1")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    candidates = [str(tmp_path / "link"), str(tmp_path / "link" / "x.png"), str(tmp_path / "gone.png"),
                  str(tmp_path / "a" / ".." / "b")]
    for root, _, files in os.walk(tmp_path):
        candidates += [root, *(os.path.join(root, f) for f in files)]
    monkeypatch.chdir(tmp_path)
    relative = [os.path.relpath(c, tmp_path) for c in candidates] + ["."]
    chosen = [[".", "link/x.png"], [".", "link"], ["link", "."], [".", "a/x.png", "a"], ["a", ".", "a/x.png"]]
    for _ in range(1500):
        chosen.append([rng.choice(candidates if rng.random() < 0.5 else relative) for _ in range(rng.randint(1, 6))])
    for inputs in chosen:
        got = [(d.path, d.kind) for d in iter_documents(inputs)]
        assert got == _model(inputs), inputs


def test_inputs_are_read_twice_without_holding_them(tmp_path: Path) -> None:
    """Counted, then run: standard input (readable once) is kept in a temporary file, not a list."""
    for name in ("1.png", "2.png", "3.json"):
        (tmp_path / name).write_bytes(b"x")
    stdin = io.StringIO(f"{tmp_path / '1.png'}\n# a comment\n\n{tmp_path / '3.json'}\n{tmp_path / '1.png'}\n")
    with Inputs(["-", str(tmp_path)], stdin=stdin) as inputs:
        assert inputs.count() == (3, True)
        first = [d.path for d in inputs]
        assert first == [d.path for d in inputs] == [str(tmp_path / n) for n in ("1.png", "3.json", "2.png")]
    assert [d.path for d in expand([str(tmp_path / "3.json")])] == [str(tmp_path / "3.json")]
    with Inputs([str(tmp_path / "3.json")]) as answers_only:
        assert answers_only.count() == (1, False)  # nothing for the service: no client is made


def test_results_scan_offsets_and_torn_lines(tmp_path: Path) -> None:
    results = ResultsFile(tmp_path / "r.jsonl")
    at = [results.append({"key": f"{n:064x}", "status": "pass", "text": "é" * n}) for n in range(50)]
    with open(results.path, "ab") as handle:
        handle.write(b'{"key": "torn')  # a run killed mid-write
    at.append(results.append({"key": "f" * 64, "status": "review"}))  # closes the torn line first
    scanned = list(results.scan())
    whole = [(offset, record) for offset, record in scanned if record is not None]
    assert [offset for offset, _ in whole] == at
    assert len(scanned) == len(at) + 1  # and one unreadable line
    for offset, record in whole:
        assert results.read_at(offset) == record
    assert results.read_at(at[-1] + 1) is None and results.read_at(10**9) is None
    assert compact(whole[3][1]["key"]) == bytes.fromhex(whole[3][1]["key"])[:16]


def test_records_queued_together_are_one_write_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = ResultsFile(tmp_path / "r.jsonl")
    writer = GroupWriter(results)
    synced: list[int] = []
    real = os.fdatasync
    monkeypatch.setattr(os, "fdatasync", lambda fd: (synced.append(fd), real(fd))[1])

    async def documents() -> list[int]:
        first = await writer.append({"key": "0" * 64, "n": -1})  # alone: written at once
        queued = [writer.submit({"key": f"{n + 1:064x}", "n": n}) for n in range(100)]
        return [first, *await asyncio.gather(*queued)]

    offsets = asyncio.run(documents())
    scanned = list(results.scan())
    assert [r["n"] for _, r in scanned if r is not None] == list(range(-1, 100))
    assert offsets == [offset for offset, _ in scanned]
    assert len(synced) == 2  # the hundred queued while nothing was being written: one write, one sync
