"""`ocrcheck check` with folders: read recursively like `ocrcheck batch` (same walk, JSON answers
only), one result per document on standard output, a summary line on standard error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ocrcheck.batch import expand
from ocrcheck.cli import main
from ocrcheck.doctypes import data_dir

TICKETS = data_dir("fixtures") / "cn_train_ticket"


def _folder(root: Path) -> Path:
    """Every train-ticket fixture answer, spread over sub-folders, with files check must skip."""
    folder = root / "answers"
    for index, fixture in enumerate(sorted(TICKETS.glob("*.json"))):
        target = folder / ("b" if index % 3 else "a") / ("deep" if index % 2 else "") / fixture.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(fixture, target)
    (folder / "scan.png").write_bytes(b"\x89PNG not an answer")
    (folder / "a" / "page.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.json").write_text("{}", encoding="utf-8")
    return folder


def test_a_folder_is_its_answers_in_batch_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    single = str(TICKETS / "clean.fields.json")
    code = main(["check", "-t", "cn_train_ticket", "-f", "json", str(folder), single])
    out, err = capsys.readouterr()
    results = [json.loads(line) for line in out.splitlines()]
    answers = [d.path for d in expand([str(folder)]) if d.kind == "answer"]
    assert [r["source"] for r in results] == [*answers, single]
    assert len(answers) == len(list(TICKETS.glob("*.json")))  # the hidden one left out
    # The summary counts what was printed: documents by status, review documents by error code.
    review = [r for r in results if r["status"] == "review"]
    codes: dict[str, int] = {}
    for r in review:
        for code_ in {f["code"] for f in r["findings"] if f["severity"] == "error"}:
            codes[code_] = codes.get(code_, 0) + 1
    ranked = ", ".join(f"{c} {n}" for c, n in sorted(codes.items(), key=lambda item: (-item[1], item[0])))
    passed = len(results) - len(review)
    assert err == (f"{len(results)} documents: {passed} pass, {len(review)} review ({ranked}); 2 files in folders "
                   "not checked (not JSON answers: send images and PDFs with ocrcheck scan or ocrcheck batch)\n")
    assert code == 1 and review and passed


def test_text_format_and_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "clean"
    folder.mkdir()
    for name in ("clean.fields.json", "service_example.openai.json"):
        shutil.copy(TICKETS / name, folder / name)
    assert main(["check", "-t", "cn_train_ticket", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert [line.split()[0] for line in out.splitlines() if not line.startswith(" ")] == ["PASS", "PASS"]
    assert err == "2 documents: 2 pass, 0 review\n"
    assert main(["check", "-t", "cn_train_ticket", "--quiet", str(folder)]) == 0
    assert capsys.readouterr().err == ""
    (tmp_path / "empty").mkdir()
    assert main(["check", "-t", "cn_train_ticket", str(tmp_path / "empty")]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == "0 documents: 0 pass, 0 review\n"
