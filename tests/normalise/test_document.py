"""document_parsing answers: cut detection, equations, tabular grids, plain text."""

from __future__ import annotations

from pathlib import Path

from ocrcheck.normalise import normalise_document
from ocrcheck.normalise._spans import form_grid
from ocrcheck.normalise._tabular import tabular_rows

LATEX = Path(__file__).resolve().parents[2] / "fixtures" / "latex"


def test_whole_document() -> None:
    doc = normalise_document((LATEX / "document_service.json").read_text(encoding="utf-8"))
    assert doc.findings == []
    assert [e.delimiter for e in doc.equations] == ["equation", "$", "\\["]
    assert doc.equations[2].spaced == "E = m c ^ { 2 }"
    assert doc.tables[0].values == [["Model", "Score", "Score"], ["Model", "DocVQA", "ChartQA"],
                                    ["Qwen2-VL-7B", "94.5", "83.0"], ["GPT-4o", "92.8", "85.7"]]
    assert "Large models read images." in doc.text and "Qwen2-VL-7B\t94.5\t83.0" in doc.text


def test_cut_document() -> None:
    doc = normalise_document((LATEX / "document_cut.json").read_text(encoding="utf-8"))
    assert {f.code for f in doc.findings} == {"truncated"}
    assert any(f.variant == "document_open" for f in doc.findings)


def test_cut_without_finish_reason_is_found_from_the_markup() -> None:
    doc = normalise_document("\\documentclass{article}\n\\begin{document}\n\\begin{itemize}\n\\item one")
    assert [f.code for f in doc.findings] == ["truncated"]


def test_unbalanced_environment_in_a_whole_document() -> None:
    doc = normalise_document("\\documentclass{article}\\begin{document}\\begin{center}x\\end{document}")
    assert "latex" in {f.code for f in doc.findings}


def test_broken_equation_reported_at_its_path() -> None:
    doc = normalise_document("\\documentclass{article}\\begin{document} $$ \\frac { a } $$ \\end{document}")
    assert "equations[0]" in {f.field for f in doc.findings}


def test_dangerous_macros_in_a_document() -> None:
    doc = normalise_document("\\documentclass{article}\\begin{document}\\input{/etc/passwd}\\end{document}")
    assert any(f.ctx.get("macro") == "\\input" for f in doc.findings)
    assert "root:" not in doc.text


def test_empty_answer_is_unparseable() -> None:
    assert [f.code for f in normalise_document("```latex\n```").findings] == ["unparseable"]


def test_multirow_placeholders_and_multicolumn() -> None:
    rows, problems = tabular_rows(r"\multirow{2}{*}{A} & b & \multicolumn{2}{c}{C} \\ & d & e & f \\ g & h & i & j")
    grid = form_grid(rows)
    assert problems == [] and grid.problems == []
    assert [[grid.cells[s.cell].text for s in row] for row in grid.slots] == [
        ["A", "b", "C", "C"], ["A", "d", "e", "f"], ["g", "h", "i", "j"]]
    rows, problems = tabular_rows(r"\multirow{2}{*}{A} & b \\ stray & d")
    assert problems == [("under_multirow", {"row": 1, "text": "stray"})]


def test_escaped_ampersand_stays_in_the_cell() -> None:
    rows, _ = tabular_rows(r"R\&D & 5 \\ \hline x & {a b} & \textbf{c}")
    assert [[c.text for c in r.cells] for r in rows] == [["R&D", "5"], ["x", "a b", "c"]]
