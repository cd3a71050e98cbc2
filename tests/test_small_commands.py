"""Issue 7, item 17: `estimate` on images the service refuses and on bad pixel limits, `latex`
and `table` on binary input, `--version`, and `-` for standard input in `scan` and `estimate`."""

from __future__ import annotations

import io
import json
import struct
import sys
import zlib
from pathlib import Path

import pytest

import ocrcheck
from ocrcheck import InputError
from ocrcheck.cli import main
from ocrcheck.client import estimate_tokens, tokens_for_size
from ocrcheck.testing import Answer, FakeQwenServer
from tests.client.conftest import KEY, make_image


def png(width: int, height: int) -> bytes:
    """A 1-bit grey PNG of any claimed size; its few rows are never decoded by the header readers."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\xff" * ((width + 7) // 8), 1)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors and --version
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


@pytest.fixture
def images(tmp_path: Path) -> dict[str, Path]:
    paths = {"big": png(7000, 4715), "zero": png(0, 0), "ok": make_image(640, 480), "thin": png(4000, 10)}
    out = {}
    for name, data in paths.items():
        out[name] = tmp_path / f"{name}.png"
        out[name].write_bytes(data)
    return out


def test_33_megapixels_gets_a_refusal_line_not_a_price(images: dict[str, Path],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "estimate", str(images["big"]), str(images["ok"]))
    lines = out.splitlines()
    assert status == 1 and err == ""
    assert lines[0].endswith("refused: at most 15.68 megapixels, got 33.01 (7000×4715)")
    ok = tokens_for_size(640, 480)
    assert lines[1].split()[-1] == f"{ok:,}"
    assert lines[2].split()[:2] == ["total", f"{ok:,}"] and "1 refused" in lines[2]


def test_refusals_in_json(images: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "estimate", "-f", "json", str(images["zero"]), str(images["thin"]))
    zero, thin, total = (json.loads(line) for line in out.splitlines())
    assert status == 1
    assert zero["image_tokens"] is None and "must exceed 10 px, got 0×0" in zero["refused"]
    assert thin["image_tokens"] is None and "must exceed 10 px" in thin["refused"]
    assert total == {"total": 0, "files": 2, "model": "qwen3.5-ocr", "refused": 2}


@pytest.mark.parametrize("limit", [["--max-pixels", "0"], ["--max-pixels", "-5"], ["--min-pixels", "0"],
                                   ["--min-pixels", "-3072"], ["--max-pixels", "x"],
                                   ["--min-pixels", "5000", "--max-pixels", "4000"]])
def test_pixel_limits_that_are_not_positive_are_usage_errors(limit: list[str], images: dict[str, Path],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "estimate", *limit, str(images["ok"]))
    assert status == 2 and out == "" and "Traceback" not in err and err.strip()


@pytest.mark.parametrize(("size", "limits"), [((0, 0), {}), ((640, 0), {}), ((640, 480), {"max_pixels": 0}),
                                              ((640, 480), {"min_pixels": -1})])
def test_library_estimate_refuses_instead_of_dividing_by_zero(size: tuple[int, int], limits: dict[str, int]) -> None:
    with pytest.raises(InputError, match="must be at least 1"):
        estimate_tokens(size, **limits)


def test_estimate_reads_standard_input(images: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    stdin_bytes(monkeypatch, images["ok"].read_bytes())
    status, out, _ = run(capsys, "estimate", "-f", "json", "-")
    first = json.loads(out.splitlines()[0])
    assert status == 0 and first == {"path": "<stdin>", "model": "qwen3.5-ocr",
                                     "image_tokens": tokens_for_size(640, 480)}
    assert run(capsys, "estimate", "-", "-")[0] == 2


@pytest.mark.parametrize("command", ["latex", "table", "boxes"])
@pytest.mark.parametrize("kind", ["png", "pdf", "random"])
def test_binary_input_to_a_markup_command_is_a_clear_error(command: str, kind: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = {"png": make_image(64, 64), "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "random": bytes(range(256)) * 4}[kind]
    path = tmp_path / f"picture.{kind}"
    path.write_bytes(data)
    status, out, err = run(capsys, command, str(path))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "not a service answer or markup" in err


def test_text_that_happens_to_start_like_a_bmp_is_still_text(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.tex"
    path.write_text("BMI = \\frac { m } { h ^ { 2 } } and more text after it", encoding="utf-8")
    status, out, _ = run(capsys, "latex", str(path))
    assert status == 0 and "\\frac" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"ocrcheck {ocrcheck.__version__}"


def test_scan_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    monkeypatch.delenv("OCRCHECK_CACHE_DIR", raising=False)
    image = make_image(640, 480)
    stdin_bytes(monkeypatch, image)
    with FakeQwenServer(api_key=KEY) as server:
        server.add_answer(Answer(text="hello from stdin"), task="text_recognition")
        status, out, err = run(capsys, "scan", "--task", "text_recognition", "-f", "json",
                               "--base-url", server.base_url, "-")
        assert status == 0, err
        assert len(server.requests) == 1
    record = json.loads(out)
    assert record["source"] == "<stdin>" and record["output"] == "hello from stdin"
    assert run(capsys, "scan", "--task", "text_recognition", "--base-url", "http://127.0.0.1:9", "-", "-")[0] == 2
