"""The desk over real HTTP on loopback (httpx), without a browser: access, escaping, decisions."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from ocrcheck.cli import main
from ocrcheck.desk import DeskServer, export_records, render_report
from ocrcheck.review_queue import DecisionConflict, ReviewQueue

from .conftest import HOSTILE, KEY


def _doc(desk: DeskServer, entry_id: str) -> httpx.Response:
    return httpx.get(f"{desk.url}doc/{entry_id}")


def _decide(desk: DeskServer, entry_id: str, **form: str) -> httpx.Response:
    return httpx.post(f"{desk.url}doc/{entry_id}/decide", data=form)


def test_nothing_without_the_token(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    root = desk.url.rsplit("/", 2)[0]
    eid = desk_queue["ids"]["misread"]
    assert httpx.get(root + "/").status_code == 404
    assert httpx.get(f"{root}/doc/{eid}").status_code == 404
    assert httpx.get(f"{root}/{desk.token[:-1]}x/").status_code == 404
    assert httpx.post(f"{root}/wrongtoken/doc/{eid}/decide", data={"action": "accept"}).status_code == 404
    assert ReviewQueue(desk_queue["path"]).read().decisions == []


def test_a_rebinding_host_header_is_refused(desk: DeskServer) -> None:
    port = urlsplit(desk.url).port
    refused = httpx.get(desk.url, headers={"Host": f"evil.example:{port}"})
    assert refused.status_code == 421
    assert httpx.get(desk.url, headers={"Host": f"localhost:{port}"}).status_code == 200


def test_every_page_carries_the_policy(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    for response in (httpx.get(desk.url), _doc(desk, desk_queue["ids"]["hostile"])):
        csp = response.headers["content-security-policy"]
        assert "script-src 'none'" in csp and "default-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert "<script" not in response.text.replace("&lt;script", "")


def _tree(text: str) -> Any:
    from lxml import html

    return html.document_fromstring(text)


def test_document_markup_is_text(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    page = _doc(desk, desk_queue["ids"]["hostile"]).text
    assert HOSTILE not in page
    tree = _tree(page)
    assert tree.xpath("//script") == [] and tree.xpath("//img[@onerror]") == []
    assert [el.tag for el in tree.iter() if any(a.startswith("on") for a in el.attrib)] == []
    cells = [td.text_content() for td in tree.xpath("//table[@id='fields']//td[@class='value']")]
    assert cells.count(HOSTILE) == 2  # issuing_authority and ethnicity, shown as the text they are


def test_identity_numbers_stay_masked_unless_asked(desk_queue: dict[str, Any]) -> None:
    eid = desk_queue["ids"]["misread"]
    suggestion = "110101199003151233"
    for show_pii, visible in ((False, False), (True, True)):
        server = DeskServer(desk_queue["path"], show_pii=show_pii)
        server.start()
        try:
            page = httpx.get(f"{server.url}doc/{eid}").text
        finally:
            server.shutdown()
            server.server_close()
        assert (suggestion in page) is visible
        assert "1101" in page


def test_list_filters(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    everything = httpx.get(desk.url).text
    assert all(eid[:16] in everything for eid in desk_queue["ids"].values())
    only_illegible = httpx.get(desk.url, params={"code": "illegible"}).text
    assert desk_queue["ids"]["misread"][:16] in only_illegible
    assert desk_queue["ids"]["hostile"][:16] not in only_illegible
    other_type = httpx.get(desk.url, params={"type": "hk_id"}).text
    assert 'id="empty"' in other_type
    assert 'id="empty"' in httpx.get(desk.url, params={"age": "-1"}).text


def test_suggestion_applies_by_index_and_is_rechecked(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    eid = desk_queue["ids"]["misread"]
    findings = desk_queue["results"]["misread"].findings
    index = next(i for i, f in enumerate(findings) if f.suggestion)
    answer = _decide(desk, eid, action="apply-suggestion", finding=str(index), seen="")
    assert answer.status_code == 303
    decision = ReviewQueue(desk_queue["path"]).read().decisions[-1]
    assert decision["decision"] == "correct"
    assert decision["corrections"] == {"id_number": "110101199003151233"}
    assert decision["recheck"]["status"] == "pass"
    assert decision["by"] == "alice"


def test_a_failing_correction_is_recorded_as_failing(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    eid = desk_queue["ids"]["misread"]
    answer = _decide(desk, eid, action="correct", field="id_number", value="110101199003151234", seen="")
    assert answer.status_code == 303 and "still%20fails" in answer.headers["location"]
    decision = ReviewQueue(desk_queue["path"]).read().decisions[-1]
    assert decision["recheck"]["status"] == "review"
    assert ("id_number", "checksum") in {(f["field"], f["code"]) for f in decision["recheck"]["findings"]}
    page = httpx.get(desk.url.rstrip("/") + answer.headers["location"].split(desk.token, 1)[1]).text
    assert "still fails: id_number" in page
    assert eid[:16] in httpx.get(desk.url).text  # still open: the corrected document fails
    _decide(desk, eid, action="accept", seen=ReviewQueue(desk_queue["path"]).read().decisions[-1]["id"])
    assert eid[:16] not in httpx.get(desk.url).text
    assert eid[:16] in httpx.get(desk.url, params={"state": "decided"}).text


def test_reject_needs_a_reason_and_bad_forms_write_nothing(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    eid = desk_queue["ids"]["hostile"]
    assert _decide(desk, eid, action="reject", seen="").status_code == 400
    assert _decide(desk, eid, action="frobnicate", seen="").status_code == 400
    assert _decide(desk, eid, action="correct", field="items[7].amount", value="1", seen="").status_code == 400
    assert _decide(desk, eid, action="apply-suggestion", finding="99", seen="").status_code == 400
    too_big = httpx.post(f"{desk.url}doc/{eid}/decide", content=b"a=" + b"x" * 70_000,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert too_big.status_code == 413
    assert ReviewQueue(desk_queue["path"]).read().decisions == []
    assert _decide(desk, eid, action="reject", note="photo of a photo", seen="").status_code == 303


def test_second_decision_on_a_stale_page_sees_the_first(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    eid = desk_queue["ids"]["hostile"]
    assert _decide(desk, eid, action="accept", seen="").status_code == 303
    stale = _decide(desk, eid, action="reject", note="no", seen="")
    assert stale.status_code == 409
    assert 'id="conflict"' in stale.text and "accept" in stale.text
    assert [d["decision"] for d in ReviewQueue(desk_queue["path"]).read().decisions] == ["accept"]


def test_concurrent_deciders_record_exactly_one(desk_queue: dict[str, Any]) -> None:
    """Eight writers in threads, each with its own queue object, all having seen no decision."""
    eid = desk_queue["ids"]["pictured"]
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def decide(n: int) -> None:
        barrier.wait()
        try:
            ReviewQueue(desk_queue["path"], key=KEY).append_decision(eid, "accept", by=f"r{n}", expect_latest="")
            outcomes.append("written")
        except DecisionConflict as conflict:
            assert conflict.latest is not None and conflict.latest["entry"] == eid
            outcomes.append("conflict")

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["written"]
    assert len(ReviewQueue(desk_queue["path"]).read().decisions) == 1


def test_picture_with_failing_boxes(desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    from io import BytesIO

    from PIL import Image

    eid = desk_queue["ids"]["pictured"]
    assert 'id="page-image"' in _doc(desk, eid).text
    png = httpx.get(f"{desk.url}doc/{eid}/image.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    picture = Image.open(BytesIO(png.content)).convert("RGB")
    # The failing ID number's box is drawn in the doubted colour, the label's box in the plain one.
    assert picture.getpixel((330, 20)) == (255, 40, 0)
    assert picture.getpixel((100, 20)) == (0, 90, 255)
    missing = httpx.get(f"{desk.url}doc/{desk_queue['ids']['misread']}/image.png")
    assert missing.status_code == 404


def test_report_is_static_and_read_only(desk_queue: dict[str, Any], tmp_path: Path) -> None:
    html = render_report(desk_queue["path"], images=desk_queue["images"])
    tree = _tree(html)
    assert tree.xpath("//form") == [] and tree.xpath("//script") == []
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "form-action 'none'" in csp and "img-src data:" in csp and "script-src 'none'" in csp
    assert html.count('class="document"') == 3
    assert "data:image/png;base64," in html
    assert "110101199003151233" not in html  # masked by default


def test_export_and_cli(desk_queue: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eid = desk_queue["ids"]["misread"]
    queue = ReviewQueue(desk_queue["path"], key=KEY)
    queue.append_decision(eid, "correct", corrections={"id_number": "110101199003151233"},
                          recheck={"status": "pass", "findings": []}, expect_latest="")
    records = {r["id"]: r for r in export_records(desk_queue["path"], show_pii=True)}
    assert records[eid]["decision"] == "correct" and records[eid]["recheck_status"] == "pass"
    assert records[eid]["fields"]["id_number"] == "110101199003151233"
    assert records[desk_queue["ids"]["hostile"]]["decision"] == "open"
    out_csv, out_jsonl, out_html = tmp_path / "d.csv", tmp_path / "d.jsonl", tmp_path / "r.html"
    assert main(["review", "export", "--queue", desk_queue["path"], "--csv", str(out_csv)]) == 0
    assert main(["review", "export", "--queue", desk_queue["path"], "--decisions", str(out_jsonl)]) == 0
    assert main(["review", "report", "--queue", desk_queue["path"], "-o", str(out_html)]) == 0
    for path in (out_csv, out_jsonl, out_html):
        assert path.stat().st_mode & 0o077 == 0
    lines = [json.loads(line) for line in out_jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3 and "110101199003151233" not in out_jsonl.read_text(encoding="utf-8")
    header = out_csv.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,doc_type,source,status,decision")


def test_export_cells_cannot_become_formulas(tmp_path: Path) -> None:
    from ocrcheck.desk._report import safe_cell

    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-1+2") == "'-1+2"
    assert safe_cell("张三") == "张三"
