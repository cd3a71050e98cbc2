"""The command line's plain results (`ocrcheck._records.plain_results`) are the public models'
twins: for every answer of every type, in every wire format, the same result record, the same
JSON line and text block, the same model once converted, the same queue entry; and the plain
block never leaks past its end, into another thread, or into a library call after the command.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

import ocrcheck
from ocrcheck._messages import finding, localise_result
from ocrcheck._models import Finding, Result
from ocrcheck._output import json_line, result_record, text_block
from ocrcheck._records import (
    FINDING_KEYS,
    RESULT_KEYS,
    FindingData,
    ResultData,
    is_result,
    plain_results,
)
from ocrcheck.cli import main
from ocrcheck.doctypes import list_doctypes
from ocrcheck.pipeline import check_response
from ocrcheck.review_queue import ReviewQueue

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
AS_OF = "2025-06-01"
TYPES = sorted(t for t in list_doctypes() if (FIXTURES / t).is_dir())


def answers(doc_type: str) -> list[Path]:
    """Every answer of a type's fixtures (each wire format, and bare fields); not the expectations."""
    return sorted(p for p in (FIXTURES / doc_type).glob("*.json") if not p.name.endswith(".expected.json"))


def both(doc_type: str, text: str, **options: Any) -> tuple[Result, ResultData]:
    model = check_response(text, doc_type, source="a.json", as_of=AS_OF, **options)
    with plain_results():
        plain = check_response(text, doc_type, source="a.json", as_of=AS_OF, **options)
    return model, plain  # type: ignore[return-value]


def test_the_twins_have_the_models_fields_in_order() -> None:
    assert tuple(Finding.model_fields) == FINDING_KEYS
    assert tuple(Result.model_fields) == RESULT_KEYS


def test_every_type_has_answers_to_compare() -> None:
    assert len(TYPES) >= 60 and all(answers(t) for t in TYPES)


@pytest.mark.parametrize("doc_type", TYPES)
def test_a_plain_result_is_the_model_result(doc_type: str) -> None:
    reviewed = 0
    for path in answers(doc_type):
        model, plain = both(doc_type, path.read_text(encoding="utf-8"))
        where = path.name
        assert type(model) is Result and all(type(f) is Finding for f in model.findings), where
        assert type(plain) is ResultData and all(type(f) is FindingData for f in plain.findings), where
        record = result_record(model)
        assert result_record(plain) == record, where
        assert json_line(plain) == json_line(model) == json_line(record), where
        assert text_block(result_record(plain), ("id_number",)) == text_block(record, ("id_number",)), where
        converted = plain.to_model()
        assert converted == model and converted.model_dump_json() == model.model_dump_json(), where
        assert [(f.field, f.code) for f in plain.errors] == [(f.field, f.code) for f in model.errors], where
        assert plain.codes() == model.codes(), where
        zh_model, zh_plain = localise_result(model, "zh"), localise_result(plain, "zh")
        assert result_record(zh_plain) == result_record(zh_model), where  # type: ignore[arg-type]
        reviewed += model.status == "review"
    assert reviewed, f"no {doc_type} fixture goes to review: the findings were not compared"


@pytest.mark.parametrize("options", [{"unmapped": "extra"}, {"policy": "kyc"}, {"policy": "audit"}])
def test_options_that_add_findings_give_the_same_plain_result(options: dict[str, Any]) -> None:
    for doc_type in ("cn_resident_id", "cn_vat_invoice", "cn_passport"):
        for path in answers(doc_type):
            model, plain = both(doc_type, path.read_text(encoding="utf-8"), **options)
            assert json_line(plain) == json_line(model), (doc_type, path.name, options)


CUT = '{"output": {"choices": [{"finish_reason": "length", "message": {"content": "{"}}]}}'


@pytest.mark.parametrize("text", ["", "not json at all", "[1, 2]", '{"ocr_result": "```json\\n{\\"a\\": "}', CUT])
def test_answers_without_fields_give_the_same_plain_result(text: str) -> None:
    model, plain = both("cn_resident_id", text)
    assert model.status == "review" and json_line(plain) == json_line(model)


def test_auto_detection_gives_the_same_plain_result() -> None:
    text = (FIXTURES / "cn_resident_id" / "clean.fields.json").read_text(encoding="utf-8")
    model, plain = both("auto", text)
    assert model.doc_type == "cn_resident_id" and json_line(plain) == json_line(model)


def test_a_plain_finding_copies_and_freezes_as_the_model_does() -> None:
    with plain_results():
        plain = finding("items[0].amount", "mismatch", "item_amount", value="5.00", rule="item_amount",
                        quantity="2", unit_price="2.00", product="4.00", amount="5.00", tolerance="0.01")
    model = finding("items[0].amount", "mismatch", "item_amount", value="5.00", rule="item_amount",
                    quantity="2", unit_price="2.00", product="4.00", amount="5.00", tolerance="0.01")
    assert type(plain) is FindingData and plain.to_model() == model
    update = {"severity": "warning", "rule": "policy"}
    assert plain.model_copy(update=update).to_model() == model.model_copy(update=update)
    assert plain.model_copy().to_model() == model and plain.severity == "error"  # the copy, not the original
    with pytest.raises(AttributeError):
        plain.code = "format"  # type: ignore[misc]
    assert plain == FindingData(plain.values()) and plain != model


def test_is_result_knows_both_and_nothing_else() -> None:
    model, plain = both("cn_resident_id", (FIXTURES / "cn_resident_id" / "clean.openai.json").read_text("utf-8"))
    assert is_result(model) and is_result(plain)
    assert not is_result(result_record(model)) and not is_result(None) and not is_result(model.findings)


def test_the_queue_entry_of_a_plain_result_is_the_models(tmp_path: Path) -> None:
    text = (FIXTURES / "cn_vat_invoice" / "sums_wrong.dashscope.json").read_text(encoding="utf-8")
    model, plain = both("cn_vat_invoice", text)
    assert model.status == "review"
    lines = []
    for name, result in (("model", model), ("plain", plain)):
        queue = ReviewQueue(tmp_path / f"{name}.jsonl", key=b"k" * 32)
        queue.append(result, text)
        entry = json.loads((tmp_path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[-1])
        lines.append({k: v for k, v in entry.items() if k != "created"})
    assert lines[0] == lines[1] and lines[0]["findings"]


def test_the_plain_block_ends_with_the_block_and_stays_in_its_thread() -> None:
    data = json.loads((FIXTURES / "cn_resident_id" / "clean.fields.json").read_text(encoding="utf-8"))
    other: list[Any] = []
    with plain_results():
        worker = threading.Thread(target=lambda: other.append(ocrcheck.check("cn_resident_id", data, as_of=AS_OF)))
        worker.start()
        worker.join()
        inside = ocrcheck.check("cn_resident_id", data, as_of=AS_OF)
    assert type(inside) is ResultData and type(other[0]) is Result
    assert type(ocrcheck.check("cn_resident_id", data, as_of=AS_OF)) is Result


def test_a_library_call_after_the_command_gets_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    review = str(FIXTURES / "cn_resident_id" / "bad_checksum.openai.json")
    assert main(["check", "-t", "cn_resident_id", "--as-of", AS_OF, "--quiet", review]) == 1
    assert capsys.readouterr().out.startswith("REVIEW")
    data = json.loads((FIXTURES / "cn_resident_id" / "clean.fields.json").read_text(encoding="utf-8"))
    assert type(ocrcheck.check("cn_resident_id", data, as_of=AS_OF)) is Result
