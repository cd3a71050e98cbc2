"""`engine_result` (the engine's Result, not validated again) is the Result validation would make
of the same values: equal, in its dump, JSON, repr and fields set, for every fixture of every type
and for findings of every kind; and its lists and dicts are its own."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import ocrcheck
from ocrcheck._models import Result, engine_result

from ._fixture_cases import CASE_IDS, CASES


def _validated(result: Result) -> Result:
    return Result(**{name: copy.deepcopy(getattr(result, name)) for name in Result.model_fields})


@pytest.mark.parametrize(("doc_type", "path"), CASES, ids=CASE_IDS)
def test_the_engines_result_is_the_validated_one(doc_type: str, path: Path) -> None:
    result = ocrcheck.check(doc_type, json.loads(path.read_text(encoding="utf-8")), as_of="2025-06-01")
    validated = _validated(result)
    assert result == validated
    assert repr(result) == repr(validated)
    assert result.model_dump() == validated.model_dump()
    assert result.model_dump_json() == validated.model_dump_json()
    assert result.model_fields_set == validated.model_fields_set
    assert Result.model_validate_json(result.model_dump_json()) == validated


def test_it_holds_its_own_state() -> None:
    fields, findings, meta, verdicts = {"a": "1"}, [], {"as_of": "2025-06-01"}, []
    result = engine_result(None, "cn_resident_id", "pass", fields, findings, meta, verdicts)
    assert result.fields is fields and result.findings is findings  # the engine's own, not copied
    assert result.model_copy(update={"status": "review"}).status == "review"
    assert result.status == "pass"
    with pytest.raises(ValueError):  # still a pydantic model: unknown attributes refused
        result.unknown = 1  # type: ignore[attr-defined]
