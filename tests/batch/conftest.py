"""Folders of documents and the loopback service for batch runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocrcheck.doctypes import data_dir
from ocrcheck.testing import Answer, FakeQwenServer

from ..client.conftest import KEY, make_image

TICKETS = data_dir("fixtures") / "cn_train_ticket"
CLEAN = json.loads((TICKETS / "clean.fields.json").read_text(encoding="utf-8"))


def ticket(number: int) -> dict[str, Any]:
    """A clean ticket with its own ticket number (so tickets are distinct documents)."""
    return {**CLEAN, "车票号": f"E{number:06d}"}


def make_folder(root: Path, count: int, server: FakeQwenServer, *, start: int = 0) -> list[Path]:
    """`count` distinct images in `root/scans/` (and a sub-folder), each answered as its own ticket."""
    paths = []
    for index in range(start, start + count):
        folder = root / "scans" / ("b" if index % 2 else "a")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"t{index:05d}.png"
        data = make_image(200 + index % 300, 150 + index // 300)
        path.write_bytes(data)
        server.add_answer(Answer.fields(ticket(index)), image=data)
        paths.append(path)
    return paths


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeQwenServer]:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    monkeypatch.delenv("OCRCHECK_CACHE_DIR", raising=False)
    with FakeQwenServer(api_key=KEY, default=Answer.fields(CLEAN)) as server:
        yield server


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
