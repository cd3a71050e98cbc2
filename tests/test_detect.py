"""Answers without a schema: printed labels mapped through the aliases, the rest under `extra`;
`detect` (library and CLI) and `check --type auto`; detection accuracy over every clean fixture
of every type with its keys replaced by the document's printed labels."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

import ocrcheck
from ocrcheck.cli import main
from ocrcheck.doctypes import DocType, fold_label, get_doctype, list_doctypes
from ocrcheck.pipeline import check, check_response

ROOT = Path(__file__).resolve().parent.parent / "fixtures"
CLEAN = {
    name: ROOT / name / "clean.fields.json" for name in list_doctypes() if (ROOT / name / "clean.fields.json").exists()
}
ACCURACY_FLOOR = 0.9  # measured 1.0 over the types on main when written; a drop below this is a regression

KTP_LABELS = {
    "NIK": "3171015708900003",
    "Nama": "SITI RAHAYU",
    "Tempat Lahir": "JAKARTA",
    "Tanggal Lahir / Date of Birth": "17-08-1990",
    "Jenis Kelamin": "PEREMPUAN",
    "Alamat": "JL. MERDEKA NO. 10",
    "Golongan Darah": "O",
    "Foto": "(photo)",
}


def _printed_label(doctype: DocType, key: str, properties: dict[str, Any], rng: random.Random) -> str:
    labels = [a for a in properties.get(key, {}).get("x-aliases", []) if fold_label(a) != fold_label(key)]
    return rng.choice(labels) if labels else key


def relabel(doctype: DocType, data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The fixture as an answer made without a schema: every key one of its printed labels."""
    properties = doctype.schema["properties"]
    out: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = doctype.aliases.get(fold_label(raw_key), raw_key)
        if isinstance(value, list) and key in doctype.item_aliases:
            item_props = properties[key].get("items", {}).get("properties", {})
            value = [
                {
                    _printed_label(doctype, doctype.item_aliases[key].get(fold_label(k), k), item_props, rng): v
                    for k, v in item.items()
                }
                if isinstance(item, dict)
                else item
                for item in value
            ]
        out[_printed_label(doctype, key, properties, rng)] = value
    return out


def accuracy(seed: int) -> tuple[float, list[str]]:
    wrong = []
    for name, path in CLEAN.items():
        doctype = get_doctype(name)
        answer = relabel(doctype, json.loads(path.read_text(encoding="utf-8")), random.Random(f"{seed}:{name}"))
        found = ocrcheck.detect(answer)
        if found.doc_type != name:
            wrong.append(f"{name} → {found.doc_type}")
    return 1 - len(wrong) / len(CLEAN), wrong


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_detect_accuracy_over_clean_fixtures_with_printed_labels(seed: int) -> None:
    assert len(CLEAN) >= 12
    score, wrong = accuracy(seed)
    print(f"\ndetect accuracy (seed {seed}): {score:.3f} over {len(CLEAN)} types; wrong: {wrong}")
    assert score >= ACCURACY_FLOOR, wrong


def test_relabelling_really_uses_printed_labels() -> None:
    # Else the accuracy above would measure our own keys.
    doctype = get_doctype("id_ktp")
    answer = relabel(doctype, json.loads(CLEAN["id_ktp"].read_text(encoding="utf-8")), random.Random(0))
    assert "id_number" not in answer and "birth_date" not in answer
    assert set(answer) & {"NIK", "Nomor Induk Kependudukan", "ID Number", "Identity Number", "身份证号码"}


def test_labels_map_and_the_rest_goes_under_extra() -> None:
    result = check("id_ktp", KTP_LABELS, unmapped="extra")
    assert result.status == "pass", result.findings
    assert result.fields["birth_date"] == "1990-08-17"  # bilingual label, either half maps
    assert result.fields["blood_type"] == "O"
    assert result.fields["extra"] == {"Foto": "(photo)"}
    assert not result.findings


def test_default_keeps_unknown_keys_as_before() -> None:
    result = check("id_ktp", KTP_LABELS)
    assert "extra" not in result.fields
    assert result.fields["Foto"] == "(photo)"
    assert {(f.field, f.code, f.severity) for f in result.findings} >= {("Foto", "schema", "warning")}


def test_extra_absent_when_everything_maps() -> None:
    answer = {k: v for k, v in KTP_LABELS.items() if k != "Foto"}
    assert "extra" not in check("id_ktp", answer, unmapped="extra").fields


def test_a_second_label_for_a_filled_field_goes_under_extra() -> None:
    result = check("id_ktp", {**KTP_LABELS, "Nomor Induk Kependudukan": "3171015708900004"}, unmapped="extra")
    assert result.fields["id_number"] == "3171015708900003"
    assert result.fields["extra"]["Nomor Induk Kependudukan"] == "3171015708900004"


def test_existing_fixtures_unchanged_by_the_default() -> None:
    # hk_id's clean fixture is written with printed labels: the default mode maps it as before.
    raw = json.loads(CLEAN["hk_id"].read_text(encoding="utf-8"))
    keep, extra = check("hk_id", raw), check("hk_id", raw, unmapped="extra")
    assert keep.fields == extra.fields
    assert keep.findings == extra.findings


def test_detect_names_the_type_with_a_score() -> None:
    found = ocrcheck.detect(KTP_LABELS)
    assert found.doc_type == "id_ktp" and found.recognised
    assert 0 < found.score <= 1
    assert found.candidates[0].doc_type == "id_ktp" and found.candidates[0].errors == 0
    assert all(a.score >= b.score for a, b in zip(found.candidates, found.candidates[1:], strict=False))


def test_detect_reads_every_wire_format() -> None:
    for wire in ("dashscope", "openai", "responses"):
        raw = (ROOT / "th_id" / f"clean.{wire}.json").read_text(encoding="utf-8")
        assert ocrcheck.detect(raw).doc_type == "th_id"


@pytest.mark.parametrize("answer", [{"foo": "bar"}, {}, "no JSON here", {"x": "y" * 100_000}])
def test_nothing_fits(answer: Any) -> None:
    found = ocrcheck.detect(answer)
    assert not found.recognised
    result = check_response(answer if isinstance(answer, str) else json.dumps(answer), "auto")
    assert result.status == "review"


def test_one_bad_digit_does_not_move_a_card_to_a_type_without_checksum() -> None:
    # Thai PIN with a wrong check digit, answered with the card's labels: still th_id (and
    # review), not a type whose numbers have no checksum (pk_cnic, Montana's 13 digits).
    raw = json.loads((ROOT / "th_id" / "bad_checksum.fields.json").read_text(encoding="utf-8"))
    raw = relabel(get_doctype("th_id"), raw, random.Random(0))
    result = check("auto", raw)
    assert result.doc_type == "th_id"
    assert result.status == "review"
    assert ("id_number", "checksum") in {(f.field, f.code) for f in result.findings}


def test_auto_checks_the_detected_type() -> None:
    result = check("auto", {**KTP_LABELS, "Jenis Kelamin": "LAKI-LAKI"})
    assert result.doc_type == "id_ktp"
    assert result.meta["detected"]["doc_type"] == "id_ktp"
    assert {(f.field, f.code) for f in result.findings} == {("sex", "mismatch")}
    assert result.fields["extra"] == {"Foto": "(photo)"}


def test_bounded_input() -> None:
    many = {f"key{i}": "x" for i in range(10_000)}
    assert ocrcheck.detect({**many, **KTP_LABELS}).doc_type is None  # only the first MAX_KEYS keys are read
    assert ocrcheck.detect({**KTP_LABELS, **many}).doc_type == "id_ktp"


# ------------------------------------------------------------------------------- command line
def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_cli_detect(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer = tmp_path / "ktp.json"
    answer.write_text(json.dumps(KTP_LABELS), encoding="utf-8")
    code, out = run_cli(capsys, "detect", str(answer))
    assert code == 0 and out.split()[0] == "id_ktp"
    code, out = run_cli(capsys, "detect", "--format", "json", str(answer))
    record = json.loads(out)
    assert (record["doc_type"], record["recognised"]) == ("id_ktp", True)
    other = tmp_path / "other.json"
    other.write_text('{"foo": "bar"}', encoding="utf-8")
    code, out = run_cli(capsys, "detect", str(answer), str(other))
    assert code == 1 and out.splitlines()[1].split()[0] == "unknown"
    assert main(["detect", str(tmp_path / "absent.json")]) == 2


def test_cli_check_auto(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer = tmp_path / "ktp.json"
    answer.write_text(json.dumps(KTP_LABELS), encoding="utf-8")
    code, out = run_cli(capsys, "check", "--type", "auto", "--format", "json", str(answer))
    record = json.loads(out)
    assert code == 0
    assert (record["doc_type"], record["status"]) == ("id_ktp", "pass")
    assert record["fields"]["extra"] == {"Foto": "(photo)"}


def test_cli_check_auto_unknown_goes_to_the_queue_masked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer, queue = tmp_path / "odd.json", tmp_path / "q.jsonl"
    answer.write_text('{"Passport No": "E12345678", "foo": "bar"}', encoding="utf-8")
    code, _ = run_cli(capsys, "check", "--type", "auto", "-q", str(queue), "--mask-pii", str(answer))
    assert code == 1
    entry = json.loads(queue.read_text(encoding="utf-8").splitlines()[0])
    assert entry["status"] == "review"
    assert "E12345678" not in json.dumps(entry["fields"], ensure_ascii=False)


def test_cli_unmapped_extra(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer = tmp_path / "ktp.json"
    answer.write_text(json.dumps(KTP_LABELS), encoding="utf-8")
    _, out = run_cli(capsys, "check", "-t", "id_ktp", "--unmapped", "extra", "-f", "json", str(answer))
    assert json.loads(out)["fields"]["extra"] == {"Foto": "(photo)"}
