"""`ocrcheck scan --task TASK` prints the task's normalised output: the same output as `ocrcheck
table`, `ocrcheck latex` and `ocrcheck boxes` give for the same answer, through the real server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ocrcheck.cli import main
from ocrcheck.testing import Answer, FakeQwenServer, Fault

from .conftest import KEY, make_image

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TWO_LEVEL = FIXTURES / "tables" / "peer" / "o02_two_level_header.html"
FORMULA = FIXTURES / "latex" / "formula_service_example.json"
FORMULA_CUT = FIXTURES / "latex" / "formula_cut.json"
DOCUMENT = FIXTURES / "latex" / "document_service.json"
DOCUMENT_CUT = FIXTURES / "latex" / "document_cut.json"


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> FakeQwenServer:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    monkeypatch.delenv("OCRCHECK_CACHE_DIR", raising=False)
    with FakeQwenServer(api_key=KEY) as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def image(tmp_path: Path) -> Path:
    path = tmp_path / "page.png"
    path.write_bytes(make_image(640, 480))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _scan(server: FakeQwenServer, task: str, *args: str) -> list[str]:
    return ["scan", "--task", task, "--base-url", server.base_url, *args]


@pytest.mark.parametrize("to", ["csv", "json", "html"])
def test_table_output_is_what_ocrcheck_table_prints(service: FakeQwenServer, image: Path, to: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(Answer(text=TWO_LEVEL.read_text(encoding="utf-8")), task="table_parsing")
    status, out, err = _run(capsys, *_scan(service, "table_parsing", "--to", to, str(image)))
    expected = _run(capsys, "table", "--to", to, str(TWO_LEVEL))
    assert (status, err) == (0, "") and expected[0] == 0
    assert out.rstrip("\n") == expected[1].rstrip("\n") and out.strip()
    assert service.requests[0].task == "table_parsing"


def test_table_json_format_and_cut_table(service: FakeQwenServer, image: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(Answer(text=TWO_LEVEL.read_text(encoding="utf-8")), task="table_parsing")
    service.inject(Fault.delay(0), Fault.truncated())
    status, out, err = _run(capsys, *_scan(service, "table_parsing", "-f", "json", str(image), str(image)))
    whole, cut = (json.loads(line) for line in out.splitlines())
    assert status == 1 and err == ""  # findings go into the JSON with --format json
    assert whole["findings"] == [] and whole["tables"][0]["values"][0][0] == "项目" and whole["request_id"]
    assert whole["output"].startswith("项目,") and whole["cached"] is False and whole["task"] == "table_parsing"
    assert cut["finish_reason"] == "length" and "truncated" in [f["code"] for f in cut["findings"]]


@pytest.mark.parametrize("to", ["latex", "compact", "text"])
def test_formula_output_is_what_ocrcheck_latex_prints(service: FakeQwenServer, image: Path, to: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(json.loads(FORMULA.read_text(encoding="utf-8")), task="formula_recognition")
    got = _run(capsys, *_scan(service, "formula_recognition", "--to", to, str(image)))
    assert got == _run(capsys, "latex", "--to", to, str(FORMULA))
    assert got[0] == 0 and got[2] == "" and ("\\tilde" in got[1] or to == "text") and got[1].strip()


def test_cut_formula_is_a_finding(service: FakeQwenServer, image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(json.loads(FORMULA_CUT.read_text(encoding="utf-8")), task="formula_recognition")
    status, _, err = _run(capsys, *_scan(service, "formula_recognition", str(image)))
    assert status == 1 and re.search(rf"^{re.escape(str(image))}: error truncated", err, re.M)


@pytest.mark.parametrize(("fixture", "status"), [(DOCUMENT, 0), (DOCUMENT_CUT, 1)])
def test_document_output_is_what_ocrcheck_latex_prints(service: FakeQwenServer, image: Path, fixture: Path,
                                                       status: int, capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(json.loads(fixture.read_text(encoding="utf-8")), task="document_parsing")
    for to in ("latex", "text"):
        got = _run(capsys, *_scan(service, "document_parsing", "--to", to, str(image)))
        expected = _run(capsys, "latex", "--document", "--to", to, str(fixture))
        assert got[0] == expected[0] == status and got[1] == expected[1] and got[1].strip()
        # Findings name the source: the image for scan, the answer file for latex.
        assert got[2].replace(str(image), "SOURCE") == expected[2].replace(str(fixture), "SOURCE")


def _word(text: str, x: float, y: float, w: float = 120, h: float = 30) -> dict:
    return {"text": text, "location": [x, y, x + w, y, x + w, y + h, x, y + h],
            "rotate_rect": [x + w / 2, y + h / 2, w, h, 0]}


def test_advanced_recognition_prints_words_in_reading_order_with_geometry_findings(
        service: FakeQwenServer, image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    words = [_word("world", 200, 40), _word("second", 60, 120), _word("hello", 60, 42), _word("off", 600, 200)]
    service.add_answer(Answer.words(words), task="advanced_recognition")
    status, out, err = _run(capsys, *_scan(service, "advanced_recognition", str(image)))
    assert status == 1
    assert out.splitlines() == ["hello world", "second", "off"]
    # The image is 640 × 480 (known from preflight): the last box runs past its right edge.
    (line,) = err.splitlines()
    assert line.startswith(f"{image}: error geometry words[3]") and "outside the 640×480 image" in line
    status, out, _ = _run(capsys, *_scan(service, "advanced_recognition", "-f", "json", str(image)))
    body = json.loads(out)
    assert body["order"] == [2, 0, 1, 3] and body["image_size"] == [640, 480]
    assert [f["code"] for f in body["findings"]] == ["geometry"]


def test_advanced_recognition_cut_answer(service: FakeQwenServer, image: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(Answer.words([_word("hello", 60, 42)]), task="advanced_recognition")
    service.inject(Fault.truncated())
    status, _, err = _run(capsys, *_scan(service, "advanced_recognition", str(image)))
    assert status == 1 and "truncated" in err


def test_text_task_cut_and_refused_documents(service: FakeQwenServer, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for index in range(3):
        paths.append(tmp_path / f"p{index}.png")
        paths[-1].write_bytes(make_image(300 + index, 200))
    service.add_answer(Answer(text="第一行\nsecond line"), task="multi_lan")
    service.inject(Fault.delay(0), Fault.truncated(), Fault.http_error(400, code="InvalidParameter"))
    status, out, err = _run(capsys, *_scan(service, "multi_lan", "-j", "1", *map(str, paths)))
    assert status == 1 and len(service.requests) == 3
    assert out.startswith(f"== {paths[0]}\n第一行\nsecond line\n== {paths[1]}\n")
    assert re.search(rf"^{re.escape(str(paths[1]))}: error truncated", err, re.M)
    assert re.search(rf"^{re.escape(str(paths[2]))}: error unparseable .*InvalidParameter \(HTTP 400, request_id ", err,
                     re.M)


def test_clean_text_exits_0_and_concurrency_keeps_order(service: FakeQwenServer, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for index in range(5):
        paths.append(tmp_path / f"p{index}.png")
        paths[-1].write_bytes(make_image(300 + index, 200))
        service.add_answer(Answer(text=f"page {index}"), image=paths[-1].read_bytes())
    status, out, err = _run(capsys, *_scan(service, "text_recognition", "-j", "3", "-f", "json", *map(str, paths)))
    records = [json.loads(line) for line in out.splitlines()]
    assert (status, err) == (0, "")
    assert [(r["source"], r["text"]) for r in records] == [(str(p), f"page {i}") for i, p in enumerate(paths)]
