"""docs/client.md stays true: its Python example runs against the loopback server and prints
what it says, and every `ocrcheck scan` option it shows exists."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from ocrcheck.cli import build_parser
from ocrcheck.doctypes import data_dir
from ocrcheck.testing import Answer, FakeQwenServer

from .conftest import KEY, make_image

DOC = (Path(__file__).resolve().parents[2] / "docs" / "client.md").read_text(encoding="utf-8")


def test_python_example_runs_and_prints_what_it_promises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```python\n(.*?)```", DOC, re.DOTALL)
    assert block is not None
    code = block.group(1)
    clean = json.loads((data_dir("fixtures") / "cn_train_ticket" / "clean.fields.json").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ticket.jpg").write_bytes(make_image(689, 487, "JPEG"))
    with FakeQwenServer(api_key=KEY) as server:
        server.add_answer(Answer.fields(clean), doc_type="cn_train_ticket")
        monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
        monkeypatch.setenv("OCRCHECK_BASE_URL", server.base_url)
        for run in (1, 2):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, "docs/client.md", "exec"), {})
            promised = [line[2:] for line in code.splitlines() if line.startswith("# pass")]
            if run == 1:
                assert out.getvalue().splitlines() == promised
            else:  # the second run is answered from the cache the example asked for
                assert out.getvalue().splitlines() == [promised[0].replace("False", "True")]
        assert len(server.requests) == 1


def _options(command: str) -> set[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return {s for action in sub.choices[command]._actions for s in action.option_strings}  # type: ignore[attr-defined]


def test_scan_options_shown_exist() -> None:
    # The Batch API section shows `ocrcheck batch` options; every other option is `scan`'s.
    batch_section = DOC.index("ocrcheck batch --via batch-api")
    shown = set(re.findall(r"(--[a-z][a-z-]+)", DOC[:batch_section]))
    assert {"--concurrency", "--cache-dir", "--task", "--to"} <= shown
    assert shown <= _options("scan"), shown - _options("scan")
    shown_batch = set(re.findall(r"(--[a-z][a-z-]+)", DOC[batch_section:]))
    assert "--batch-bytes" in shown_batch
    assert shown_batch <= _options("scan") | _options("batch"), shown_batch - _options("scan") - _options("batch")
