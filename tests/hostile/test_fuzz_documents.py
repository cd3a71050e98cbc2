"""Fuzz suite (issue 7): hostile documents of every type through the library and through one
multi-file `ocrcheck check` process.

Deterministic (`SEED`), about 10,500 generated inputs per run spread over every type in
`list_doctypes()` (a new catalogue type is covered the moment its schema and rules exist). Classes:

* `cut`      a plausible answer, in one of three wire formats, cut at a random point
* `bytes`    random bytes, often invalid UTF-8, sometimes spliced into a real answer
* `shape`    wrong shapes and types: envelopes with a string for `choices[0]`, a list for `usage`,
             top-level arrays and scalars, field values of every JSON type
* `numbers`  NaN, ±Infinity, 1e999999, integers of thousands of digits, in fields and JSON text
* `deep`     nesting from 30 to 5,000 levels, in a field value or as the whole answer
* `huge`     values of 10^5 to 10^6 characters (a handful: they are what costs time)
* `control`  C0/C1 controls, terminal escapes and bidi overrides in keys and values
* `surrogate` lone surrogates in keys and values (Python strings, and `\\ud800` in JSON text)
* `alias`    two labels for one field, with the same or different values, or one key given twice
             in one JSON object
* `mutated`  plausible values with `?`, `*`, full-width forms and OCR confusions

Through the library (`check`, `check_response`) every input must give a Result that prints as one
JSON line and as text; through the command every FILE must give exactly one JSON line, in order,
with exit status 0 or 1 and nothing on standard error.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ocrcheck import check, check_response, list_doctypes
from ocrcheck._output import json_line, result_record, text_block
from ocrcheck.doctypes import DocType, data_dir, get_doctype

SEED = 20261201
LIBRARY_INPUTS = 10_500
CLI_EVERY = 10  # every 10th input also goes through the command (about 1,050 files)
HUGE_INPUTS = 8  # 10^5..10^6 characters each
CLI_TYPE = "cn_resident_id"

CJK = "张三李四王五北京市朝阳区人民币元整壹贰叁肆伍陆柒捌玖拾佰仟万亿角分男女汉族"
CONTROLS = "\x00\x07\x08\x1b\x7f\x85\x9b\u202e\u2066\r\n\t"
SURROGATES = "\ud800\udbff\udc00\udfff"


def _seeds(doctype: DocType) -> list[dict[str, Any]]:
    """Field objects of the type: its fixtures' `*.fields.json`, or one made from its kinds."""
    seeds = []
    folder = data_dir("fixtures") / doctype.id
    for path in sorted(folder.glob("*.fields.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(data, dict):
            seeds.append(data)
    return seeds or [{key: "1" for key in doctype.schema.get("properties", {})}]


def _labels(doctype: DocType) -> dict[str, list[str]]:
    """Our key → every label the type accepts for it (top level)."""
    out: dict[str, list[str]] = {}
    for key, prop in doctype.schema.get("properties", {}).items():
        out[key] = [key, *prop.get("x-aliases", [])]
    return out


class Generator:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.types = {name: get_doctype(name) for name in list_doctypes()}
        self.seeds = {name: _seeds(t) for name, t in self.types.items()}
        self.labels = {name: _labels(t) for name, t in self.types.items()}

    # ------------------------------------------------------------------------- small pieces
    def text(self, n: int, alphabet: str = "") -> str:
        alphabet = alphabet or (CJK + "0123456789ABCXYZ ¥.,-:/()*?（）")
        return "".join(self.rnd.choice(alphabet) for _ in range(n))

    def scalar(self) -> Any:
        return self.rnd.choice([
            None, True, False, 0, -1, 3.5, 10**20, "", "null", "长期", self.text(self.rnd.randint(1, 30)),
            [], {}, [1, "a"], {"a": None},
        ])

    def wrap(self, fields: Any) -> Any:
        """`fields` as a service answer in one of the wire formats (or bare)."""
        text = "```json\n" + json.dumps(fields, ensure_ascii=False, indent=self.rnd.choice([None, 2])) + "\n```"
        form = self.rnd.randrange(4)
        if form == 0:
            item: dict[str, Any] = {"text": text}
            if self.rnd.random() < 0.5 and isinstance(fields, dict):
                item["ocr_result"] = {"kv_result": fields}
            return {"output": {"choices": [{"finish_reason": "stop", "message": {"role": "assistant",
                    "content": [item]}}]}, "usage": {"input_tokens": 5}, "request_id": "r"}
        if form == 1:
            return {"id": "c", "choices": [{"finish_reason": "stop", "message": {"content": text}}], "model": "m"}
        if form == 2:
            return {"status": "completed", "output": [{"type": "message", "content": [{"type": "output_text",
                    "text": text}]}]}
        return fields

    def seed(self, name: str) -> dict[str, Any]:
        return dict(self.rnd.choice(self.seeds[name]))

    def some_key(self, name: str) -> str:
        labels = self.labels[name]
        return self.rnd.choice(self.rnd.choice(list(labels.values()))) if labels else "x"

    # ------------------------------------------------------------------------------ classes
    def cut(self, name: str) -> Any:
        answer = json.dumps(self.wrap(self.seed(name)), ensure_ascii=self.rnd.random() < 0.5)
        cut = answer[: self.rnd.randrange(max(1, len(answer)))]
        if self.rnd.random() < 0.3:
            return {"choices": [{"finish_reason": "length", "message": {"content": cut}}]}
        return cut

    def bytes_(self, name: str) -> Any:
        noise = bytes(self.rnd.randrange(256) for _ in range(self.rnd.randint(0, 300)))
        if self.rnd.random() < 0.5:
            answer = json.dumps(self.wrap(self.seed(name)), ensure_ascii=False).encode("utf-8")
            at = self.rnd.randrange(len(answer) + 1)
            return answer[:at] + noise + answer[at:]
        return noise

    def shape(self, name: str) -> Any:
        choice = self.rnd.randrange(8)
        if choice == 0:
            return {"choices": [self.scalar()], "usage": self.scalar()}
        if choice == 1:
            return {"output": {"choices": [{"message": self.scalar(), "finish_reason": self.scalar()}]},
                    "usage": self.scalar(), "request_id": self.scalar()}
        if choice == 2:
            return {"output": self.scalar(), "choices": self.scalar()}
        if choice == 3:
            return self.scalar()
        if choice == 4:
            return [self.seed(name), self.seed(name)] if self.rnd.random() < 0.5 else [self.seed(name)]
        if choice == 5:
            return {"error": self.scalar(), "code": self.scalar(), "message": self.scalar()}
        fields = self.seed(name)
        for _ in range(self.rnd.randint(1, 4)):
            fields[self.some_key(name)] = self.scalar()
        return self.wrap(fields)

    def numbers(self, name: str) -> Any:
        key = self.some_key(name)
        literal = self.rnd.choice(["NaN", "Infinity", "-Infinity", "1e999999", "-1e-999999", "1" + "0" * 5000,
                                   "-" + "9" * 4400, "0." + "1" * 500, "123456789012345678901234567890"])
        seed = json.dumps(self.seed(name), ensure_ascii=False)
        text = seed[:-1] + (", " if len(seed) > 2 else "") + json.dumps(key, ensure_ascii=False) + ": " + literal + "}"
        if self.rnd.random() < 0.5:
            return text
        fields = self.seed(name)
        fields[key] = self.rnd.choice([float("nan"), float("inf"), 10**5000, -(10**4400), 1e308, -0.0])
        return fields

    def deep(self, name: str) -> Any:
        depth = self.rnd.choice([30, 40, 64, 65, 200, 999, 1000, 3000, 5000])
        if self.rnd.random() < 0.5:
            opener, closer = self.rnd.choice([("[", "]"), ('{"a":', "}")])
            inner = opener * depth + "1" + closer * depth
            return '{"' + self.some_key(name) + '": ' + inner + "}" if self.rnd.random() < 0.5 else inner
        value: Any = "x"
        for _ in range(depth):
            value = [value] if self.rnd.random() < 0.5 else {"k": value}
        fields = self.seed(name)
        fields[self.some_key(name)] = value
        return fields

    def huge(self, name: str) -> Any:
        size = self.rnd.choice([10**5, 3 * 10**5, 10**6])
        fields = self.seed(name)
        fields[self.some_key(name)] = self.rnd.choice(["¥", "元", "1", "?", "*", "\\\\", "零", "{"]) * size
        return self.wrap(fields) if self.rnd.random() < 0.5 else fields

    def control(self, name: str) -> Any:
        fields = self.seed(name)
        for _ in range(self.rnd.randint(1, 3)):
            key = self.some_key(name) + (self.text(2, CONTROLS) if self.rnd.random() < 0.3 else "")
            fields[key] = self.text(self.rnd.randint(1, 20)) + self.text(3, CONTROLS) + "\x1b]52;c;ZXZpbA==\x07"
        return self.wrap(fields)

    def surrogate(self, name: str) -> Any:
        fields = self.seed(name)
        key = self.some_key(name)
        fields[key + (self.rnd.choice(SURROGATES) if self.rnd.random() < 0.3 else "")] = (
            self.text(5) + self.rnd.choice(SURROGATES) + self.text(5)
        )
        if self.rnd.random() < 0.5:
            return json.dumps(self.wrap(fields), ensure_ascii=True)  # "\ud800" escapes in JSON text
        return fields

    def alias(self, name: str) -> Any:
        fields: dict[str, Any] = {}
        for labels in self.labels[name].values():
            if len(labels) < 2 or self.rnd.random() < 0.5:
                continue
            first, second = self.rnd.sample(labels, 2)
            value = self.rnd.choice([self.text(6), "11010519491231002X", "¥12.50", None])
            fields[first] = value
            fields[second] = value if self.rnd.random() < 0.4 else self.rnd.choice([self.text(6), value, 5, [1]])
        if self.rnd.random() < 0.3:  # one key twice in one JSON object (a decoder would keep the last)
            text = json.dumps({**self.seed(name), **fields}, ensure_ascii=False)
            key = json.dumps(self.some_key(name), ensure_ascii=False)
            for value in self.rnd.sample([json.dumps(self.text(6), ensure_ascii=False), "null", "5", "[1]"], 2):
                text = text[:-1] + (", " if len(text) > 2 else "") + f"{key}: {value}" + "}"
            return text
        return self.wrap({**self.seed(name), **fields}) if self.rnd.random() < 0.5 else {**self.seed(name), **fields}

    def mutated(self, name: str) -> Any:
        fields = self.seed(name)
        for key in list(fields):
            value = fields[key]
            if isinstance(value, str) and value and self.rnd.random() < 0.5:
                at = self.rnd.randrange(len(value))
                value = value[:at] + self.rnd.choice("?*？＊０O1IZ2S5B8 　") + value[at + 1 :]
                fields[key] = value
        return self.wrap(fields)


CLASSES: dict[str, Callable[[Generator, str], Any]] = {
    "cut": Generator.cut,
    "bytes": Generator.bytes_,
    "shape": Generator.shape,
    "numbers": Generator.numbers,
    "deep": Generator.deep,
    "control": Generator.control,
    "surrogate": Generator.surrogate,
    "alias": Generator.alias,
    "mutated": Generator.mutated,
}


def generate() -> list[tuple[str, str, Any]]:
    """(class, doc type, input) triples, deterministic for `SEED`."""
    gen = Generator(SEED)
    names = sorted(gen.types)
    classes = sorted(CLASSES)
    out = []
    for i in range(LIBRARY_INPUTS - HUGE_INPUTS):
        kind, name = classes[i % len(classes)], names[(i // len(classes)) % len(names)]
        out.append((kind, name, CLASSES[kind](gen, name)))
    for i in range(HUGE_INPUTS):
        name = names[i % len(names)]
        out.append(("huge", name, gen.huge(name)))
    return out


def _through_library(doc_type: str, data: Any) -> str:
    """The result's JSON line; every step the command takes, in-process."""
    if isinstance(data, dict) and "choices" not in data and "output" not in data and "error" not in data:
        result = check(doc_type, data)
    else:
        result = check_response(data, doc_type)
    assert result.status in ("pass", "review")
    record = result_record(result)
    line = json_line(record)
    assert "\n" not in line
    json.loads(line)
    text_block(record).encode("utf-8")
    return line


def _as_file_bytes(data: Any) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode("utf-8", "surrogatepass")  # lone surrogates in the file: invalid UTF-8
    try:
        return json.dumps(data, ensure_ascii=True).encode("ascii")
    except (ValueError, RecursionError):  # NaN is written as NaN; huge ints and deep values are not
        return json_line(data).encode("utf-8")


def test_fuzz_library_and_one_multi_file_command(tmp_path: Path, capsys) -> None:
    inputs = generate()
    counts = Counter(kind for kind, _, _ in inputs)
    failures: list[str] = []
    for kind, name, data in inputs:
        try:
            _through_library(name, data)
        except Exception as error:  # collected: the assertion below lists them
            failures.append(f"{kind}/{name}: {type(error).__name__}: {str(error)[:200]}")

    files: list[str] = []
    for index, (_, _, data) in enumerate(inputs):
        if index % CLI_EVERY == 0 or index >= len(inputs) - HUGE_INPUTS:
            path = tmp_path / f"in{index:05d}.json"
            path.write_bytes(_as_file_bytes(data))
            files.append(str(path))
    (tmp_path / "a_directory").mkdir()
    files[5:5] = [str(tmp_path / "missing.json"), str(tmp_path / "a_directory")]
    queue = tmp_path / "queue.jsonl"
    argv = [sys.executable, "-m", "ocrcheck", "check", "-t", CLI_TYPE, "-f", "json", "--mask-pii", "--quiet",
            "-q", str(queue)]
    run = subprocess.run([*argv, *files], capture_output=True, cwd=tmp_path)
    lines = run.stdout.decode("utf-8").splitlines()
    sources = [json.loads(line)["source"] for line in lines]

    with capsys.disabled():
        print(f"\nfuzz: {len(inputs)} library inputs across {len(list_doctypes())} document types: "
              + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())))
        print(f"fuzz: {len(files)} files through one `ocrcheck check` process: exit {run.returncode}, "
              f"{len(lines)} lines, {len(run.stderr)} bytes on stderr; library exceptions {len(failures)}")
    assert not failures, "\n".join(failures[:20])
    assert len(inputs) >= 10_000 and all(counts[kind] >= 100 for kind in CLASSES) and counts["huge"] == HUGE_INPUTS
    assert run.returncode in (0, 1) and run.stderr == b"", run.stderr.decode("utf-8", "replace")[-2000:]
    assert sources == [f for f in files if f != str(tmp_path / "a_directory")]  # a folder: its answers (none)
