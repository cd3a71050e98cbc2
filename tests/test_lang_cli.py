"""`--lang zh` on every command that prints findings: only the messages change.

Each command is run twice on the same input, in English and in Chinese, through the real entry
point; the findings must agree on everything but `message`, and the Chinese ones must be Chinese.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ocrcheck.cli import main
from ocrcheck.desk import render_report

CJK = re.compile(r"[\u3400-\u9fff]")
# A resident ID whose printed sex disagrees with the number (a mismatch), and a wrong check digit.
DOCUMENT = {"name": "张三", "sex": "男", "ethnicity": "汉", "address": "北京市", "birth_date": "1949-12-31",
            "id_number": "11010519491231002X"}
BAD_CHECKSUM = {**DOCUMENT, "id_number": "110105194912310021", "sex": "女"}


def _run(capsys: Any, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def _without_message(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in f.items() if k != "message"} for f in findings]


def _files(tmp_path: Path) -> list[str]:
    paths = []
    for name, data in (("sex.json", DOCUMENT), ("checksum.json", BAD_CHECKSUM)):
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_check_in_chinese_changes_only_the_messages(capsys: Any, tmp_path: Path) -> None:
    files = _files(tmp_path)
    _, english = _run(capsys, "check", "-t", "cn_resident_id", "-f", "json", *files)
    code, chinese = _run(capsys, "check", "-t", "cn_resident_id", "-f", "json", "--lang", "zh", *files)
    assert code == 1
    for en_line, zh_line in zip(english.splitlines(), chinese.splitlines(), strict=True):
        en, zh = json.loads(en_line), json.loads(zh_line)
        assert _without_message(en["findings"]) == _without_message(zh["findings"]) != []
        assert all(CJK.search(f["message"]) for f in zh["findings"])
        assert [f["message"] for f in en["findings"]] != [f["message"] for f in zh["findings"]]
    codes = {(f["code"], f["variant"]) for line in chinese.splitlines() for f in json.loads(line)["findings"]}
    assert {("mismatch", "id_sex"), ("checksum", "")} <= codes
    _, text = _run(capsys, "check", "-t", "cn_resident_id", "--lang", "zh", files[1])
    assert "校验位不符" in text  # the text form prints the Chinese message too


def test_review_show_and_desk_report_render_the_queue_in_either_language(capsys: Any, tmp_path: Path) -> None:
    queue = tmp_path / "queue.jsonl"
    main(["check", "-t", "cn_resident_id", "-q", str(queue), *_files(tmp_path)])  # queued in English
    capsys.readouterr()
    _, listing = _run(capsys, "review", "list", "-q", str(queue), "-f", "json")
    entry_id = json.loads(listing.splitlines()[0])["id"]
    _, english = _run(capsys, "review", "show", entry_id, "-q", str(queue), "-f", "json")
    _, chinese = _run(capsys, "review", "show", entry_id, "-q", str(queue), "-f", "json", "--lang", "zh")
    en, zh = json.loads(english), json.loads(chinese)
    assert _without_message(en["findings"]) == _without_message(zh["findings"])
    assert all(CJK.search(f["message"]) for f in zh["findings"])
    report = render_report(queue, lang="zh")
    assert all(f["message"] in report for f in zh["findings"])
    assert not any(f["message"] in report for f in en["findings"])


def test_an_entry_written_before_variants_keeps_its_message(capsys: Any, tmp_path: Path) -> None:
    queue = tmp_path / "queue.jsonl"
    main(["check", "-t", "cn_resident_id", "-q", str(queue), _files(tmp_path)[1]])
    capsys.readouterr()
    lines = queue.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[0])
    for f in entry["findings"]:  # what ocrcheck 0.1 wrote: a message, no variant or ctx
        f.pop("variant"), f.pop("ctx")
        f["message"] = "an old message"
    queue.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    _, shown = _run(capsys, "review", "show", entry["id"], "-q", str(queue), "-f", "json", "--lang", "zh")
    assert {f["message"] for f in json.loads(shown)["findings"]} == {"an old message"}


def test_batch_results_in_chinese(capsys: Any, tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    for path in _files(tmp_path):
        Path(path).rename(answers / Path(path).name)
    results = {}
    for lang in ("en", "zh"):
        out = tmp_path / f"results-{lang}.jsonl"
        code = main(["batch", "-t", "cn_resident_id", "-o", str(out), "--no-progress", "--lang", lang, str(answers)])
        assert code == 1
        results[lang] = sorted((json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()),
                               key=lambda r: r["path"])
    capsys.readouterr()
    for en, zh in zip(results["en"], results["zh"], strict=True):
        assert _without_message(en["findings"]) == _without_message(zh["findings"])
        assert all(CJK.search(f["message"]) for f in zh["findings"])


def test_scan_task_findings_in_chinese(capsys: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from ocrcheck.testing import Answer, FakeQwenServer
    from tests.client.conftest import KEY, make_image

    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    image = tmp_path / "table.png"
    image.write_bytes(make_image(640, 480))
    bodies = {}
    with FakeQwenServer(api_key=KEY) as server:
        server.add_answer(Answer(text="```html\n<table><tr><td>a</td><td colspan=\"x\">b</td></tr>"),
                          task="table_parsing")
        for lang in ("en", "zh"):
            _, out = _run(capsys, "scan", "--task", "table_parsing", "--base-url", server.base_url, "-f", "json",
                          "--lang", lang, str(image))
            bodies[lang] = json.loads(out)
    en, zh = bodies["en"]["findings"], bodies["zh"]["findings"]
    assert _without_message(en) == _without_message(zh)
    assert {f["code"] for f in zh} >= {"truncated"} and all(CJK.search(f["message"]) for f in zh)


def test_revalidation_refuses_a_language_it_does_not_write(tmp_path: Path) -> None:
    assert main(["batch", "--revalidate", str(tmp_path / "results.jsonl"), "-o", str(tmp_path / "new.jsonl"),
                 "--lang", "zh"]) == 2
