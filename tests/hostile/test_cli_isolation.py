"""Issue 7, items 5-7: one line per FILE whatever happens to another, the verdict survives a closed
pipe, and `--mask-pii` masks standard output too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ocrcheck.cli import main
from ocrcheck.commands import check as check_command

ROOT = Path(__file__).resolve().parent.parent.parent
TICKETS = ROOT / "fixtures" / "cn_train_ticket"
CLEAN = str(TICKETS / "clean.fields.json")
REVIEW = str(TICKETS / "same_stations.fields.json")


def run_json(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(["check", "-t", "cn_train_ticket", "-f", "json", *argv])
    out = capsys.readouterr()
    return code, [json.loads(line) for line in out.out.splitlines()], out.err


def test_missing_files_get_their_line_and_folders_their_answers(capsys, tmp_path: Path) -> None:
    queue = tmp_path / "q.jsonl"
    folder = tmp_path / "answers"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "r.json").write_bytes(Path(REVIEW).read_bytes())
    (folder / "scan.png").write_bytes(b"not checked: images need the service")
    (folder / "empty").mkdir()
    code, lines, err = run_json(capsys, "-q", str(queue), CLEAN, "/no/such.json", str(folder), CLEAN)
    assert code == 1
    assert [d["source"] for d in lines] == [CLEAN, "/no/such.json", str(folder / "sub" / "r.json"), CLEAN]
    assert [d["status"] for d in lines] == ["pass", "review", "review", "pass"]
    assert lines[1]["findings"][0]["code"] == "unparseable"
    assert "No such file or directory" in lines[1]["findings"][0]["ctx"]["error"]  # the OS's reason, in ctx
    entries = [json.loads(line) for line in queue.read_text().splitlines()]
    assert [e["source"] for e in entries] == ["/no/such.json", str(folder / "sub" / "r.json")]
    codes = sorted({f["code"] for f in lines[2]["findings"] if f["severity"] == "error"})
    tally = ", ".join(sorted([f"{c} 1" for c in codes] + ["unparseable 1"], key=lambda t: t.split()[0]))
    assert err == (f"4 documents: 2 pass, 2 review ({tally}); 1 file in folders not checked (not JSON answers: "
                   "send images and PDFs with ocrcheck scan or ocrcheck batch)\n")


def test_an_engine_bug_is_that_documents_internal_finding(capsys, monkeypatch) -> None:
    real = check_command.check_response

    def flaky(content, doc_type, *, source=None, **options):
        if source == REVIEW:
            raise KeyError("boom")
        return real(content, doc_type, source=source, **options)

    monkeypatch.setattr(check_command, "check_response", flaky)
    code, lines, err = run_json(capsys, CLEAN, REVIEW, CLEAN)
    assert code == 1 and [d["status"] for d in lines] == ["pass", "review", "pass"]
    (finding,) = lines[1]["findings"]
    assert (finding["code"], finding["variant"]) == ("internal", "exception")
    assert "KeyError" in finding["ctx"]["error"] and "boom" in finding["ctx"]["error"]
    assert err == "3 documents: 2 pass, 1 review (internal 1)\n"  # the summary; no traceback without --debug
    code, lines, err = run_json(capsys, "--debug", REVIEW)
    assert "Traceback" in err and "KeyError: 'boom'" in err


@pytest.mark.parametrize("queue", ["/no/such/dir/q.jsonl", "{tmp}"])
def test_an_unusable_queue_is_exit_2_before_any_document(capsys, tmp_path: Path, queue: str) -> None:
    code = main(["check", "-t", "cn_train_ticket", "-q", queue.format(tmp=tmp_path), CLEAN, REVIEW])
    out = capsys.readouterr()
    assert code == 2 and out.out == "" and out.err.startswith("ocrcheck: review queue")


def test_a_closed_pipe_keeps_the_verdict(tmp_path: Path) -> None:
    files = " ".join([CLEAN] + [REVIEW] * 300)
    queue = tmp_path / "q.jsonl"
    shell = f"set -o pipefail; '{sys.executable}' -m ocrcheck check -t cn_train_ticket -q '{queue}' {files} | head -1"
    run = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, cwd=tmp_path)
    assert run.stdout.startswith("PASS")
    assert run.returncode == 1, run.stderr
    # No traceback, no "Exception ignored": only the summary, the verdict kept for every document.
    assert run.stderr.startswith("301 documents: 1 pass, 300 review (") and run.stderr.count("\n") == 1
    assert len(queue.read_text().splitlines()) == 1  # the 300 identical reviews are one entry, queued


def test_mask_pii_masks_standard_output_in_both_formats(capsys, tmp_path: Path) -> None:
    answer = tmp_path / "a.json"
    answer.write_text(json.dumps({
        "id_number": "11010519491231002X",
        "备注": "卡号 6222\u30000212\u30003456\u30007890\u3000128 护照 E12345678",
        "证件": "C 668668 (9)",
    }, ensure_ascii=False), encoding="utf-8")
    for fmt in ("json", "text"):
        code = main(["check", "-t", "cn_resident_id", "-f", fmt, "--mask-pii", str(answer)])
        out = capsys.readouterr().out
        assert code == 1
        for secret in ("0519491231", "0212\u30003456", "2345678", "668668"):
            assert secret not in out, (fmt, secret)
    main(["check", "-t", "cn_resident_id", "-f", "json", str(answer)])
    assert "11010519491231002X" in capsys.readouterr().out  # unmasked unless asked


def test_one_line_per_file_even_when_stdout_cannot_encode(tmp_path: Path) -> None:
    answer = tmp_path / "a.json"
    answer.write_text('{"name": "\\ud800张", "address": "\\u001b[2J"}', encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for fmt in ("json", "text"):
        argv = [sys.executable, "-m", "ocrcheck", "check", "-t", "cn_resident_id", "-f", fmt, str(answer)]
        run = subprocess.run(argv, capture_output=True, env=env)
        assert run.returncode == 1 and run.stderr.startswith(b"1 document: 0 pass, 1 review (")
        assert run.stderr.count(b"\n") == 1
        assert b"\x1b" not in run.stdout


# --------------------------------------- a reader that goes away: one rule for every command
class _ClosedReader:
    """A standard output whose reader left after `keep` characters (as `| head -c N` would)."""

    def __init__(self, keep: int) -> None:
        self.keep, self.written = keep, ""

    def write(self, text: str) -> int:
        if len(self.written) + len(text) > self.keep:
            raise BrokenPipeError(32, "Broken pipe")
        self.written += text
        return len(text)

    def flush(self) -> None:
        if len(self.written) >= self.keep:
            raise BrokenPipeError(32, "Broken pipe")

    encoding = "utf-8"


def _commands(tmp_path: Path) -> list[list[str]]:
    queue = tmp_path / "q.jsonl"
    main(["check", "-t", "cn_train_ticket", "-q", str(queue), REVIEW, str(TICKETS / "bad_train_number.fields.json")])
    table = tmp_path / "t.html"
    table.write_text("<table><tr><td rowspan=2>a</td><td>b</td></tr></table>", encoding="utf-8")
    return [
        ["types"],
        ["schema", "cn_train_ticket"],
        ["review", "list", "--queue", str(queue)],
        ["review", "list", "--queue", str(queue), "--format", "json"],
        ["table", str(table)],
        ["check", "-t", "cn_train_ticket", CLEAN, REVIEW, CLEAN],
        ["check", "-t", "cn_train_ticket", CLEAN, CLEAN],
        ["detect", CLEAN],
    ]


@pytest.mark.parametrize("keep", [0, 10])
def test_every_command_keeps_its_own_status_when_the_reader_goes_away(
    capsys, monkeypatch, tmp_path: Path, keep: int
) -> None:
    for argv in _commands(tmp_path):
        capsys.readouterr()
        expected = main(argv)
        normal = capsys.readouterr()
        assert normal.out  # the command prints something a reader could miss
        with monkeypatch.context() as patch:
            reader = _ClosedReader(keep)
            patch.setattr(sys, "stdout", reader)
            code = main(argv)
            assert sys.stdout is reader  # restored
        assert code == expected, argv
        assert capsys.readouterr().err == normal.err, argv  # findings on stderr as ever; no traceback


@pytest.mark.parametrize("command", ["types", "review list --queue {queue}", "check -t cn_train_ticket {files}"])
def test_a_reader_gone_before_the_first_line_is_silent(tmp_path: Path, command: str) -> None:
    queue = tmp_path / "q.jsonl"
    main(["check", "-t", "cn_train_ticket", "-q", str(queue), REVIEW])
    argv = command.format(queue=queue, files=f"{CLEAN} {REVIEW}")
    alone = subprocess.run([sys.executable, "-m", "ocrcheck", *argv.split()], capture_output=True, cwd=tmp_path)
    # `true` reads nothing and exits at once: every write meets a closed pipe.
    shell = f"set -o pipefail; '{sys.executable}' -m ocrcheck {argv} | true"
    run = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == alone.returncode, run.stderr
    assert run.stderr == alone.stderr.decode()  # its summary line as ever; no traceback, no "Exception ignored"
