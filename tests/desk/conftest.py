"""A review queue with the documents a reviewer meets, and the desk serving it on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ocrcheck
from ocrcheck.desk import DeskServer
from ocrcheck.review_queue import ReviewQueue

ROOT = Path(__file__).resolve().parents[2]
KEY = b"k" * 32
HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
ID_NUMBER = "11010519491231002X"


def fixture_fields(doc_type: str, case: str) -> dict[str, Any]:
    return json.loads((ROOT / "fixtures" / doc_type / f"{case}.fields.json").read_text(encoding="utf-8"))


def located_answer(words: list[tuple[str, list[int]]]) -> dict[str, Any]:
    """A DashScope answer of the located-text task: `words_info` with boxes (x1 y1 … x4 y4)."""
    info = [{"text": text, "location": box} for text, box in words]
    return {"output": {"choices": [{"finish_reason": "stop", "message": {"role": "assistant", "content": [
        {"text": "", "ocr_result": {"words_info": info}}]}}]}}


@pytest.fixture
def desk_queue(tmp_path: Path) -> dict[str, Any]:
    """Three documents: a misread ID number (a suggestion to offer), a card whose fields carry
    markup, and a card with a picture and located words."""
    queue = ReviewQueue(tmp_path / "review.jsonl", key=KEY)
    illegible = fixture_fields("cn_resident_id", "illegible_id")
    misread = ocrcheck.check("cn_resident_id", illegible, source="scans/misread.json")
    hostile_fields = {**fixture_fields("cn_resident_id", "clean"), "签发机关": HOSTILE, "民族": HOSTILE}
    hostile = ocrcheck.check("cn_resident_id", {**hostile_fields, "性别": "女"}, source="scans/hostile.json")
    pictured_fields = {**fixture_fields("cn_resident_id", "clean"), "公民身份号码": "110101199003151234"}
    pictured = ocrcheck.check("cn_resident_id", pictured_fields, source="scans/pictured.json")
    words = [("公民身份号码", [20, 20, 180, 20, 180, 50, 20, 50]),
             ("110101199003151234", [200, 20, 460, 20, 460, 50, 200, 50]),
             ("北京市朝阳区", [20, 80, 200, 80, 200, 110, 20, 110])]
    images = tmp_path / "images"
    images.mkdir()
    from PIL import Image

    Image.new("RGB", (500, 140), "white").save(images / "pictured.png")
    assert misread.status == hostile.status == pictured.status == "review"
    ids = {
        "misread": queue.append(misread, raw=illegible),
        "hostile": queue.append(hostile, raw=hostile_fields),
        "pictured": queue.append(pictured, raw=located_answer(words)),
    }
    return {"path": queue.path, "ids": ids, "images": images, "results": {"misread": misread}}


@pytest.fixture
def desk(desk_queue: dict[str, Any]) -> Iterator[DeskServer]:
    server = DeskServer(desk_queue["path"], images=desk_queue["images"], reviewer="alice")
    server.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
