"""`ocrcheck table`, `ocrcheck latex`, `ocrcheck boxes`: output, findings, exit status."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import ocrcheck.normalise as normalise
from ocrcheck.cli import main

ROOT = Path(__file__).resolve().parents[2] / "fixtures"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_table_csv_clean(capsys) -> None:
    status, out, err = run(capsys, "table", str(ROOT / "tables/peer/o02_two_level_header.html"))
    assert status == 0 and err == ""
    assert out.splitlines()[0] == "项目,本期金额 / 收入,本期金额 / 支出,上期金额 / 收入,上期金额 / 支出"


def test_table_findings_on_stderr_exit_1(capsys) -> None:
    status, out, err = run(capsys, "table", "--to", "html", str(ROOT / "tables/malformed/m11_truncated_in_text.html"))
    assert status == 1 and out.startswith("<table>") and "truncated" in err


def test_table_json_from_stdin(capsys, monkeypatch) -> None:
    answer = {"choices": [{"finish_reason": "stop", "message": {"content": "<table><tr><td>a</td></tr></table>"}}]}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(answer).encode())))
    status, out, _ = run(capsys, "table", "--format", "json", "--to", "json", "-")
    body = json.loads(out)
    assert status == 0 and body["source"] == "<stdin>" and body["tables"][0]["values"] == [["a"]]
    assert body["findings"] == [] and json.loads(body["output"]) == [[{"column_1": "a"}]]


def test_unreadable_file_exit_2(capsys) -> None:
    for command in ("table", "latex", "boxes"):
        status, _, err = run(capsys, command, "/no/such/file")
        assert status == 2 and "cannot read" in err


def test_no_markup_is_a_finding_not_a_crash(capsys, tmp_path: Path) -> None:
    path = tmp_path / "prose.txt"
    path.write_text("I could not find a table.", encoding="utf-8")
    status, _, err = run(capsys, "table", str(path))
    assert status == 1 and "unparseable" in err


def test_latex_formula_and_text(capsys) -> None:
    status, out, err = run(capsys, "latex", "--to", "text", str(ROOT / "latex/formula_service_example.json"))
    assert status == 0 and err == "" and out.startswith("Q̃ ( x ) : = 2 / π Ω")
    status, _, err = run(capsys, "latex", str(ROOT / "latex/formula_dangerous.tex"))
    assert status == 1 and "\\input" in err


def test_latex_document_json(capsys) -> None:
    status, out, _ = run(capsys, "latex", "--format", "json", str(ROOT / "latex/document_cut.json"))
    body = json.loads(out)
    assert status == 1 and body["kind"] == "document"
    assert {f["code"] for f in body["findings"]} == {"truncated"}


def test_boxes_draws_and_checks(capsys, tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    from PIL import Image

    image = tmp_path / "page.png"
    Image.new("RGB", (1500, 400), "white").save(image)
    out_png = tmp_path / "out.png"
    status, out, err = run(capsys, "boxes", str(ROOT / "boxes/service_example.json"), str(image), "-o", str(out_png))
    assert status == 0 and err == "" and out.splitlines()[0] == "Audience"
    assert Image.open(out_png).getpixel((52, 80)) != (255, 255, 255)  # the left edge of box 0
    small = tmp_path / "small.png"
    Image.new("RGB", (300, 120), "white").save(small)
    status, _, err = run(capsys, "boxes", str(ROOT / "boxes/service_example.json"), str(small))
    assert status == 1 and "outside" in err


def test_boxes_rejects_a_non_image(capsys, tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    fake = tmp_path / "fake.png"
    fake.write_text("not an image", encoding="utf-8")
    status, _, err = run(capsys, "boxes", str(ROOT / "boxes/service_example.json"), str(fake))
    assert status == 2 and "not an image" in err


def test_public_names_sorted() -> None:
    assert normalise.__all__ == sorted(normalise.__all__)
    assert all(hasattr(normalise, name) for name in normalise.__all__)
