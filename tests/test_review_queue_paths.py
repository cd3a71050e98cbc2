"""Queue paths that are not a plain file (issue 7, item 9): symbolic links are refused, never
followed (also one planted by another user in a sticky directory), a directory leaves no stray
`DIR.key`, a FIFO does not stall, and `check_writable` looks without creating anything."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ocrcheck._models import Finding, Result
from ocrcheck.cli import main
from ocrcheck.review_queue import QueueError, ReviewQueue, check_writable

PRECIOUS = b"someone else's file\n"


def _result() -> Result:
    return Result(
        source="a.json",
        doc_type="cn_resident_id",
        status="review",
        fields={"name": "张三", "id_number": "11010519491231002X"},
        findings=[Finding(field="id_number", code="checksum", message="check character does not match")],
    )


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "target.txt"
    path.parent.mkdir()
    path.write_bytes(PRECIOUS)
    path.chmod(0o644)
    return path


def _untouched(target: Path) -> None:
    assert target.read_bytes() == PRECIOUS
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def _refused(path: Path, match: str) -> None:
    with pytest.raises(QueueError, match=match):
        check_writable(path)
    with pytest.raises(QueueError, match=match):
        ReviewQueue(path).append(_result())
    with pytest.raises(QueueError, match=match):
        ReviewQueue(path, key=b"k" * 32).append(_result())  # no key file involved: the open refuses
    with pytest.raises(QueueError, match=match):
        ReviewQueue(path).read()


def test_symlink_to_a_file_is_refused_and_the_target_untouched(tmp_path: Path, target: Path) -> None:
    link = tmp_path / "q.jsonl"
    link.symlink_to(target)
    _refused(link, "symbolic link")
    _untouched(target)
    assert not (tmp_path / "q.jsonl.key").exists()


def test_dangling_symlink_is_refused_and_nothing_created_through_it(tmp_path: Path) -> None:
    link, missing = tmp_path / "q.jsonl", tmp_path / "not-yet"
    link.symlink_to(missing)
    _refused(link, "symbolic link")
    assert not missing.exists() and sorted(os.listdir(tmp_path)) == ["q.jsonl"]


def test_link_planted_by_another_user_in_a_sticky_directory(tmp_path: Path, target: Path) -> None:
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    link = shared / "review.jsonl"
    link.symlink_to(target)
    if os.geteuid() == 0:
        os.lchown(link, 54321, 54321)  # the link belongs to someone else, as in /tmp
    _refused(link, "symbolic link")
    _untouched(target)
    assert sorted(os.listdir(shared)) == ["review.jsonl"]


def test_symlinked_key_sidecar_is_refused_before_it_is_read_or_chmoded(tmp_path: Path, target: Path) -> None:
    queue = tmp_path / "q.jsonl"
    (tmp_path / "q.jsonl.key").symlink_to(target)
    with pytest.raises(QueueError, match=r"key file .* symbolic link"):
        check_writable(queue)
    with pytest.raises(QueueError, match=r"key file .* symbolic link"):
        ReviewQueue(queue).append(_result())
    _untouched(target)
    assert not queue.exists()
    check_writable(queue, key=b"k" * 32)  # with a key given the sidecar is not needed


def test_directory_as_path_leaves_no_stray_key_file(tmp_path: Path) -> None:
    folder = tmp_path / "DIR"
    folder.mkdir()
    _refused(folder, "is a directory")
    assert sorted(os.listdir(tmp_path)) == ["DIR"] and os.listdir(folder) == []


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "q.jsonl"
    os.mkfifo(fifo)
    _refused(fifo, "not a regular file")  # an open that blocked on the FIFO would hang here
    assert sorted(os.listdir(tmp_path)) == ["q.jsonl"]


def test_check_writable_only_looks(tmp_path: Path) -> None:
    check_writable(tmp_path / "new.jsonl")
    assert os.listdir(tmp_path) == []
    with pytest.raises(QueueError, match="no directory"):
        check_writable(tmp_path / "missing" / "q.jsonl")
    with pytest.raises(QueueError, match="empty"):
        check_writable("")
    queue = tmp_path / "q.jsonl"
    ReviewQueue(queue).append(_result())
    check_writable(queue)  # an existing queue and its key file pass
    ReviewQueue(queue).check_writable()


def test_regular_queue_still_works_after_the_checks(tmp_path: Path) -> None:
    queue = tmp_path / "q.jsonl"
    eid = ReviewQueue(queue).append(_result())
    assert [e["id"] for e in ReviewQueue(queue).read().entries] == [eid]
    assert stat.S_IMODE(queue.stat().st_mode) == 0o600


def test_cli_refuses_a_symlinked_queue_with_one_line(
    tmp_path: Path, target: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "q.jsonl"
    link.symlink_to(target)
    assert main(["review", "list", "--queue", str(link)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "symbolic link" in err and "Traceback" not in err

    document = tmp_path / "doc.json"
    document.write_text('{"name": "张三", "id_number": "110105194912310021"}', encoding="utf-8")
    status = main(["check", "--type", "cn_resident_id", "--review-queue", str(link), str(document)])
    assert status == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err
    _untouched(target)
