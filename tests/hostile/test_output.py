"""Issue 7, item 4: the one output encoder cannot fail, whatever the values hold."""

from __future__ import annotations

import io
import json

from ocrcheck import check
from ocrcheck._output import MAX_DEPTH, TOO_DEEP, json_line, jsonable, printable, result_record, text_block, write_text


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def test_lone_surrogates_are_escaped_and_decode_back() -> None:
    data = {"k\udfff": "a\ud800b", "list": ["\udc00"]}
    line = json_line(data)
    line.encode("utf-8")  # no UnicodeEncodeError
    assert "\n" not in line
    assert json.loads(line) == data  # the JSON escape \ud800 is the same string again
    breaks = {"a": "x\x85y\u2028z\u2029", "\x1c": "\x1d\x1e"}
    assert len(json_line(breaks).splitlines()) == 1 and json.loads(json_line(breaks)) == breaks


def test_nan_infinity_huge_ints_and_objects_are_strict_json() -> None:
    line = json_line({"a": float("nan"), "b": float("-inf"), "c": 10**5000, "d": object(), "e": b"\xff", 1: 2})
    data = json.loads(line, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    assert data["a"] == "nan" and data["b"] == "-inf"
    assert data["c"].startswith("<an integer of about 5001 digits")
    assert data["1"] == 2 and data["e"] == "\ufffd"


def test_depth_is_cut_without_recursion() -> None:
    value = jsonable(nested(100_000))
    depth = 0
    while isinstance(value, list):
        value, depth = value[0], depth + 1
    assert value == TOO_DEEP and depth == MAX_DEPTH
    assert json.loads(json_line(nested(100_000)))


def test_text_escapes_terminal_controls_and_keeps_one_line_per_finding() -> None:
    assert printable("a\x1b]52;c;ZXZpbA==\x07b\u202ec\n") == "a\\x1b]52;c;ZXZpbA==\\x07b\\u202ec\\x0a"
    result = check("cn_train_ticket", {"price": "x\n\x1b[2J\ud800"})
    block = text_block(result_record(result))
    assert "\x1b" not in block and "\ud800" not in block
    assert len(block.splitlines()) == 1 + len(result.findings)


def test_write_text_survives_a_stream_that_cannot_encode() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    write_text("价格 \ud800\n", stream)
    stream.flush()
    assert stream.buffer.getvalue() == b"\\u4ef7\\u683c \\ud800\n"  # type: ignore[attr-defined]


def test_a_result_with_every_hostile_value_prints_in_both_formats() -> None:
    result = check("cn_resident_id", {"name": "\ud800", "地址": nested(3000), "id_number": 10**6000, "x": float("nan")})
    record = result_record(result)
    assert json.loads(json_line(record))["doc_type"] == "cn_resident_id"
    assert text_block(record).startswith("REVIEW")
