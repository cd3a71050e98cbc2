"""The review queue: record shape, stable keyed ids, torn-line handling, permissions, masking,
fsync failure. Concurrency across processes is in test_review_concurrency.py."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
import warnings
from datetime import datetime
from pathlib import Path

import pytest

from ocrcheck import pii
from ocrcheck._models import Finding, Result
from ocrcheck.review_queue import (
    QueueError,
    QueuePermissionWarning,
    QueueWriteError,
    ReviewQueue,
    UnknownEntry,
    entry_id,
)

KEY = b"k" * 32
ID_NUMBER = "11010519491231002X"  # GB 11643 example number
CARD = "6222021234567890128"  # 19 digits


def _result(id_number: str = ID_NUMBER, doc_type: str = "cn_resident_id", **extra) -> Result:
    return Result(
        source="id.json",
        doc_type=doc_type,
        status="review",
        fields={"name": "张三", "id_number": id_number, "birth_date": "1949-12-31", **extra},
        findings=[
            Finding(
                field="id_number",
                code="checksum",
                message="check character does not match",
                value=id_number,
                suggestion=id_number[:-1] + "1",
            )
        ],
    )


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


@pytest.fixture
def queue_path(tmp_path: Path) -> Path:
    return tmp_path / "queue.jsonl"


def test_entry_has_exactly_the_design_keys_and_round_trips(queue_path: Path) -> None:
    raw = {"output": {"choices": [{"message": {"content": [{"ocr_result": {"kv_result": {}}}]}}]}}
    eid = ReviewQueue(queue_path, key=KEY).append(_result(), raw=raw)
    [entry] = ReviewQueue(queue_path, key=KEY).read().entries
    assert set(entry) == {"id", "created", "source", "doc_type", "status", "findings", "fields", "raw"}
    assert entry["id"] == eid and re.fullmatch(r"[0-9a-f]{64}", eid)
    assert entry["created"].endswith("Z")
    created = datetime.fromisoformat(entry["created"].replace("Z", "+00:00"))
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0
    assert entry["fields"]["id_number"] == ID_NUMBER and entry["fields"]["name"] == "张三"
    assert entry["findings"][0]["code"] == "checksum"
    assert entry["raw"] == raw
    assert (entry["source"], entry["doc_type"], entry["status"]) == ("id.json", "cn_resident_id", "review")
    assert len(_lines(queue_path)) == 1


def test_same_result_twice_is_one_line_even_from_a_fresh_object(queue_path: Path) -> None:
    first = ReviewQueue(queue_path, key=KEY)
    a = first.append(_result(), raw="answer")
    assert first.append(_result(), raw="answer") == a
    assert ReviewQueue(queue_path, key=KEY).append(_result(), raw="answer") == a
    assert len(_lines(queue_path)) == 1
    assert first.append(_result(), raw="another answer") != a
    assert len(_lines(queue_path)) == 2


def test_id_depends_on_doc_type_key_and_content_and_is_not_a_plain_hash(queue_path: Path) -> None:
    q = ReviewQueue(queue_path, key=KEY)
    base = q.entry_id(_result())
    assert q.entry_id(_result(doc_type="cn_train_ticket")) != base
    assert ReviewQueue(queue_path, key=b"another key, 16+ bytes").entry_id(_result()) != base
    assert q.entry_id(_result(id_number="110105194912310021")) != base
    fields = _result().model_dump(mode="json")["fields"]
    plain = [
        hashlib.sha256(ID_NUMBER.encode()).hexdigest(),
        hashlib.sha256(pii.canonical_json(fields)).hexdigest(),
        hashlib.sha256(pii.canonical_json({"doc_type": "cn_resident_id", "fields": fields})).hexdigest(),
        hashlib.sha256(
            pii.canonical_json({"v": 1, "doc_type": "cn_resident_id", "fields": fields, "raw": None})
        ).hexdigest(),
    ]
    assert base not in plain
    assert base == entry_id("cn_resident_id", fields, None, key=KEY)


def test_documents_without_fields_or_raw_do_not_collapse(queue_path: Path) -> None:
    q = ReviewQueue(queue_path, key=KEY)
    empty = {"doc_type": "cn_vat_invoice", "status": "review", "fields": {}, "findings": []}
    a = q.append({**empty, "source": "a.json"})
    b = q.append({**empty, "source": "b.json"})
    assert a != b and len(q.read().entries) == 2


def test_plain_dict_entry_and_missing_doc_type(queue_path: Path) -> None:
    q = ReviewQueue(queue_path, key=KEY)
    eid = q.append({"doc_type": "bank_card", "fields": {"card_number": CARD}, "raw": {"x": 1}})
    entry = q.get(eid)
    assert entry is not None and entry["raw"] == {"x": 1} and entry["status"] == "review"
    with pytest.raises(ValueError):
        q.append({"fields": {}})


def test_key_from_environment_and_key_file(queue_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCRCHECK_QUEUE_KEY", "an environment key of some length")
    env_id = ReviewQueue(queue_path).append(_result())
    assert env_id == ReviewQueue(queue_path, key="an environment key of some length").entry_id(_result())
    assert not Path(f"{queue_path}.key").exists()

    monkeypatch.delenv("OCRCHECK_QUEUE_KEY")
    other = queue_path.with_name("other.jsonl")
    file_id = ReviewQueue(other).append(_result())
    key_path = Path(f"{other}.key")
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert len(key_path.read_bytes()) == 32
    assert file_id != env_id
    assert ReviewQueue(other).entry_id(_result()) == file_id  # same key file reused
    assert file_id == entry_id(
        "cn_resident_id", _result().model_dump(mode="json")["fields"], None, key=key_path.read_bytes()
    )


def test_short_key_and_bad_key_file_are_refused(queue_path: Path) -> None:
    with pytest.raises(QueueError):
        ReviewQueue(queue_path, key="short").append(_result())
    key_path = Path(f"{queue_path}.key")
    key_path.write_bytes(b"truncated")
    os.chmod(key_path, 0o644)
    with pytest.raises(QueueError, match="expected 32"), pytest.warns(QueuePermissionWarning):
        ReviewQueue(queue_path).append(_result())
    assert not queue_path.exists()
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600  # narrowed even though unusable


def test_key_file_created_once_under_a_race(tmp_path: Path) -> None:
    keys: list[bytes] = []
    barrier = threading.Barrier(8)

    def create() -> None:
        barrier.wait()
        keys.append(pii.resolve_key(str(tmp_path / "q.jsonl")))

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.jsonl.key"]  # no temp files left


def test_new_queue_is_owner_only_whatever_the_umask(queue_path: Path) -> None:
    old = os.umask(0)
    try:
        ReviewQueue(queue_path).append(_result())
    finally:
        os.umask(old)
    assert stat.S_IMODE(queue_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f"{queue_path}.key").stat().st_mode) == 0o600


def test_existing_readable_queue_is_narrowed_with_a_warning(queue_path: Path) -> None:
    queue_path.write_bytes(b"")
    os.chmod(queue_path, 0o644)
    with pytest.warns(QueuePermissionWarning):
        ReviewQueue(queue_path, key=KEY).append(_result())
    assert stat.S_IMODE(queue_path.stat().st_mode) == 0o600


def test_modes_are_never_widened(queue_path: Path) -> None:
    queue_path.write_bytes(b"")
    os.chmod(queue_path, 0o200 if os.geteuid() == 0 else 0o600)
    before = stat.S_IMODE(queue_path.stat().st_mode)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ReviewQueue(queue_path, key=KEY).append(_result())
    assert stat.S_IMODE(queue_path.stat().st_mode) == before


def test_mask_pii_leaves_no_identity_or_card_number_in_the_file(queue_path: Path) -> None:
    spaced = " ".join(CARD[i : i + 4] for i in range(0, len(CARD), 4))
    fullwidth = ID_NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    raw = {
        "output": {"text": f"公民身份号码 {ID_NUMBER}，卡号 {spaced}，全角 {fullwidth}"},
        "card_as_int": int(CARD),
        "note": f"card {CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:16]}",
    }
    bank = Result(
        source=f"scan-{ID_NUMBER}.json",
        doc_type="bank_card",
        status="review",
        fields={"card_number": CARD, "bank_name": "中国银行", "remarks": f"holder id {ID_NUMBER}"},
        findings=[Finding(field="card_number", code="checksum", message=f"Luhn fails for {CARD}", value=CARD)],
    )
    hkid = Result(
        doc_type="hk_id",
        status="review",
        fields={"id_number": "A123456(7)", "name": "CHAN Tai Man"},
        findings=[],
    )
    q = ReviewQueue(queue_path, key=KEY, mask_pii=True, pii_fields=("id_number", "card_number"))
    hk_raw = {**raw, "text": "香港身份證 A123456(7)"}
    ids = [q.append(_result(), raw=raw), q.append(bank, raw=raw), q.append(hkid, raw=hk_raw)]
    text = queue_path.read_text(encoding="utf-8")
    for eid in ids:
        text = text.replace(eid, "")  # hex ids may contain digit runs by chance
    # the HKID (too short for the digit patterns) is a known PII value of its own entry
    assert "A123456(7)" not in text
    for secret in (ID_NUMBER, CARD, spaced, fullwidth, ID_NUMBER[:-1] + "1"):
        assert secret not in text
    assert not re.search(r"(?<!\d)\d{17}[\dXx]", text)
    assert not re.search(r"\d{16,19}", text)
    entries = q.read().entries
    assert entries[0]["fields"]["id_number"] == "1101************2X"
    assert entries[0]["fields"]["name"] == "张三"  # not a PII field here
    assert entries[0]["findings"][0]["suggestion"] == "1101************21"
    assert entries[1]["fields"]["card_number"] == "6222*************28"
    assert entries[1]["fields"]["bank_name"] == "中国银行"
    assert entries[0]["fields"]["birth_date"] == "1949-12-31"  # ISO dates are not digit runs
    # the id is computed before masking: the same content gives the same id unmasked
    assert ids[0] == ReviewQueue(queue_path, key=KEY).entry_id(_result(), raw=raw)


def test_torn_last_line_is_reported_then_closed_by_the_next_append(queue_path: Path) -> None:
    q = ReviewQueue(queue_path, key=KEY)
    first = q.append(_result())
    with open(queue_path, "ab") as f:
        f.write(b'{"id":"deadbeef","created":"2024-11-14T')  # a writer killed mid-record
    found = q.read()
    assert [e["id"] for e in found.entries] == [first]
    assert [n for n, _ in found.torn] == [2] and "torn last line" in found.torn[0][1]

    second = ReviewQueue(queue_path, key=KEY).append(_result(doc_type="cn_train_ticket"))
    lines = _lines(queue_path)
    assert len(lines) == 3 and lines[1] == b'{"id":"deadbeef","created":"2024-11-14T'
    assert json.loads(lines[2])["id"] == second
    found = q.read()
    assert [e["id"] for e in found.entries] == [first, second]
    assert [n for n, _ in found.torn] == [2] and "not valid JSON" in found.torn[0][1]


def test_corrupt_middle_lines_are_reported_and_skipped(queue_path: Path) -> None:
    q = ReviewQueue(queue_path, key=KEY)
    a = q.append(_result())
    with open(queue_path, "ab") as f:
        f.write(b"not json\n[1,2]\n\n\xff\xfe\n")
    b = q.append(_result(doc_type="hk_id"))
    found = q.read()
    assert [e["id"] for e in found.entries] == [a, b]
    assert [n for n, _ in found.torn] == [2, 3, 4, 5]
    assert all(ID_NUMBER not in reason for _, reason in found.torn)


def test_a_torn_line_that_kept_its_id_does_not_count_as_present(queue_path: Path) -> None:
    q = ReviewQueue(queue_path, key=KEY)
    eid = q.entry_id(_result())
    queue_path.write_bytes(b'{"id":"' + eid.encode() + b'","created":"2024')  # torn copy of it
    os.chmod(queue_path, 0o600)
    assert ReviewQueue(queue_path, key=KEY).append(_result()) == eid
    assert [e["id"] for e in q.read().entries] == [eid]


def test_failed_fsync_is_fatal_and_leaves_no_entry(queue_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    q = ReviewQueue(queue_path, key=KEY)
    kept = q.append(_result())
    before = queue_path.read_bytes()

    def failing_sync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fdatasync", failing_sync)
    with pytest.raises(QueueWriteError) as caught:
        q.append(_result(doc_type="bank_card"))
    assert isinstance(caught.value, OSError)
    assert queue_path.read_bytes() == before  # rolled back, not left pretending
    monkeypatch.undo()
    with pytest.raises(QueueWriteError):  # fatal for this object: no silent retry
        q.append(_result(doc_type="hk_id"))
    fresh = ReviewQueue(queue_path, key=KEY)
    again = fresh.append(_result(doc_type="bank_card"))
    assert [e["id"] for e in fresh.read().entries] == [kept, again]


def test_short_write_is_completed_under_the_lock(queue_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    calls: list[int] = []

    def half_write(fd: int, data: bytes) -> int:
        calls.append(len(data))
        return real_write(fd, data[: max(1, len(data) // 2)] if len(calls) == 1 else data)

    monkeypatch.setattr(os, "write", half_write)
    eid = ReviewQueue(queue_path, key=KEY).append(_result(), raw="x" * 20_000)
    monkeypatch.undo()
    assert len(calls) == 2 and calls[1] == calls[0] - calls[0] // 2
    assert [e["id"] for e in ReviewQueue(queue_path, key=KEY).read().entries] == [eid]


def test_decisions_are_appended_never_rewritten(queue_path: Path) -> None:
    q = ReviewQueue(queue_path, key=KEY)
    eid = q.append(_result())
    before = queue_path.read_bytes()
    d1 = q.append_decision(eid, "reject", by="alice", note="photo unreadable")
    d2 = ReviewQueue(queue_path, key=KEY).append_decision(eid, "accept", by="bob")
    after = queue_path.read_bytes()
    assert after.startswith(before)
    found = q.read()
    assert [d["id"] for d in found.decisions] == [d1, d2]
    assert found.latest_decision(eid)["decision"] == "accept"
    first = found.decisions[0]
    assert set(first) == {"id", "kind", "entry", "decision", "by", "note", "created"}
    assert (first["kind"], first["entry"], first["by"], first["note"]) == ("decision", eid, "alice", "photo unreadable")
    assert len(found.entries) == 1 and q.get(d1)["decision"] == "reject"
    with pytest.raises(UnknownEntry):
        q.append_decision("0" * 64, "accept")
    with pytest.raises(UnknownEntry):
        q.append_decision(d1, "accept")  # a decision is not an entry
    with pytest.raises(QueueError):
        q.append_decision(eid, "maybe")
    assert queue_path.read_bytes() == after


def test_index_follows_other_writers_and_a_replaced_file(queue_path: Path) -> None:
    mine, theirs = ReviewQueue(queue_path, key=KEY), ReviewQueue(queue_path, key=KEY)
    mine.append(_result())
    theirs.append(_result(doc_type="hk_id"))
    mine.append(_result(doc_type="hk_id"))  # written by the other object: no duplicate
    assert len(_lines(queue_path)) == 2
    queue_path.unlink()
    mine.append(_result())  # a new file: the old index must not suppress this
    assert len(_lines(queue_path)) == 1


def test_read_of_a_missing_queue_is_empty(queue_path: Path) -> None:
    found = ReviewQueue(queue_path).read()
    assert (found.entries, found.decisions, found.torn) == ([], [], [])
    assert ReviewQueue(queue_path).get("abc") is None
    assert not Path(f"{queue_path}.key").exists()  # reading needs no key


_HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()
os.write(fd, b'{"id":"holder"}\\n')
"""


def test_append_waits_for_another_process_holding_flock(queue_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(queue_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        done: list[str] = []
        worker = threading.Thread(target=lambda: done.append(ReviewQueue(queue_path, key=KEY).append(_result())))
        worker.start()
        time.sleep(0.3)
        assert worker.is_alive() and not done  # blocked on the lock, nothing written
        holder.communicate("", timeout=10)
        worker.join(timeout=10)
        assert done
    finally:
        if holder.poll() is None:
            holder.kill()
    lines = _lines(queue_path)
    assert lines[0] == b'{"id":"holder"}' and json.loads(lines[1])["id"] == done[0]


def test_pii_doctests() -> None:
    import doctest

    failed, tried = doctest.testmod(pii)
    assert tried >= 5 and failed == 0


@pytest.mark.parametrize(
    ("text", "pattern", "expected"),
    [
        ("issued 2024-11-14, born 19491231", pii.DIGIT_RUN, "issued 2024-11-14, born 1949**31"),
        ("6222-0212-3456-7890", pii.DIGIT_RUN, "6222-****-****-**90"),
        ("发票号码 12345678", pii.ID_SHAPED, "发票号码 12345678"),  # 8 digits: not ID-shaped
        ("校验码 12345678901234567890", pii.ID_SHAPED, "校验码 12345678901234567890"),  # 20: not either
        ("id 110105194912310", pii.ID_SHAPED, "id 1101*********10"),  # first-generation 15 digits
        ("持卡人 6222021234567890128 止", pii.ID_SHAPED, "持卡人 6222*************28 止"),
    ],
)
def test_patterns(text: str, pattern: re.Pattern[str], expected: str) -> None:
    assert pii.scrub_text(text, (), pattern) == expected


def test_invoice_numbers_survive_masking_in_fields(queue_path: Path) -> None:
    invoice = Result(
        doc_type="cn_vat_invoice",
        status="review",
        fields={"invoice_code": "011002100111", "invoice_number": "12345678", "check_code": "1" * 20,
                "items": [{"name": "办公用品", "amount": "100.00"}]},
        findings=[Finding(field="invoice_number", code="format", message="bad", value="12345678")],
    )
    q = ReviewQueue(queue_path, key=KEY, mask_pii=True, pii_fields=("id_number",))
    entry = q.get(q.append(invoice))
    assert entry is not None
    assert entry["fields"] == invoice.model_dump(mode="json")["fields"]
    assert entry["findings"][0]["value"] == "12345678"
