"""Formulas: delimiters, token forms, balance checks, dangerous macros, depth guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrcheck.normalise import normalise_formula
from ocrcheck.normalise.latex import MAX_DEPTH, tokenize

LATEX = Path(__file__).resolve().parents[2] / "fixtures" / "latex"


def codes(formula) -> list[str]:
    return sorted(f.code for f in formula.findings)


def test_service_example_is_clean_and_spaced_form_is_the_services() -> None:
    formula = normalise_formula((LATEX / "formula_service_example.json").read_text(encoding="utf-8"))
    assert formula.findings == []
    assert formula.delimiter == "$$"
    assert formula.spaced == formula.body  # the service already writes the im2markup style
    assert formula.compact.startswith(r"\tilde{Q}(x):=\frac{2}{\pi}\Omega,")
    assert formula.unicode_text.startswith("Q̃ ( x ) : = 2 / π Ω")


@pytest.mark.parametrize("text", [
    r"\frac{a}{b}", r"\text{a  b}~x", r"\begin {matrix} a & b \\ c \end{matrix}", r"\sum_{i=1}^{n}x_i",
    r"\operatorname*{arg\,max}_x f", r"a % comment" + "\n" + r"+ b", r"\alpha\beta",
])
def test_spaced_is_idempotent_and_compact_keeps_tokens(text: str) -> None:
    formula = normalise_formula(text)
    assert normalise_formula(formula.spaced).spaced == formula.spaced
    assert tokenize(formula.compact) == formula.tokens


def test_compact_separates_control_words_from_letters() -> None:
    assert normalise_formula(r"\alpha x + \beta _ { 1 }").compact == r"\alpha x+\beta_{1}"


def test_delimiters_and_tag() -> None:
    for text, delimiter in ((r"$$x$$", "$$"), (r"\[x\]", "\\["), (r"\(x\)", "\\("), ("$x$", "$"), ("x", "")):
        formula = normalise_formula(text)
        assert (formula.delimiter, formula.body, formula.findings) == (delimiter, "x", [])
    tagged = normalise_formula(r"$$ E = m c ^ { 2 } \tag{3.1} $$")
    assert tagged.tag == "3.1" and r"\tag" not in tagged.spaced


@pytest.mark.parametrize(("text", "code", "variant", "ctx"), [
    (r"\frac { a } { b", "latex", "never_closed", {"opened": "'{'"}),
    (r"x } + y", "latex", "closes_nothing", {"closer": "'}'"}),
    (r"\left( x + y", "latex", "never_closed", {"opened": r"\left"}),
    (r"x + y \right)", "latex", "closes_nothing", {"closer": r"\right"}),
    (r"\begin{aligned} x \end{align}", "latex", "closes", {"closer": r"\end{align}", "opened": r"\begin{aligned}"}),
    (r"\begin{cases} x", "latex", "never_closed", {"opened": r"\begin{cases}"}),
    (r"x ^", "latex", "no_argument", {"token": "^"}),
    (r"\frac { a }", "latex", "does_not_parse", None),
    (r"\sqrt", "latex", "does_not_parse", None),
    ("$$ x + y", "truncated", "delimiter_open", {"delimiter": "$$"}),
    ("$$$$", "unparseable", "no_formula", {}),
])
def test_each_imbalance_is_a_finding(text: str, code: str, variant: str, ctx: dict[str, str] | None) -> None:
    formula = normalise_formula(text)
    found = [f for f in formula.findings if (f.code, f.variant) == (code, variant)]
    assert found, [(f.code, f.variant) for f in formula.findings]
    assert ctx is None or found[0].ctx == ctx


def test_empty_subscript_group_is_legal() -> None:
    # `x_{}` is legal LaTeX: it must not be a finding (guards against an over-eager scan).
    assert normalise_formula(r"x _ { } + 1").findings == []
    assert normalise_formula(r"x _ { 1 }").findings == []


def test_unknown_environment_is_a_warning() -> None:
    formula = normalise_formula(r"\begin{foo} x \end{foo}")
    assert [(f.code, f.severity) for f in formula.findings] == [("latex", "warning")]


def test_trailing_double_backslash_is_not_an_error() -> None:
    # pylatexenc #131: strict mode rejects a trailing \\ ; we strip it before the strict parse.
    assert normalise_formula(r"\begin{aligned} a & = b \\ c & = d \\ \end{aligned}").findings == []


def test_cut_answer_from_the_service() -> None:
    formula = normalise_formula(json.loads((LATEX / "formula_cut.json").read_text(encoding="utf-8")))
    assert "truncated" in codes(formula)
    assert any(f.variant == "length" for f in formula.findings)


def test_compatible_answer_with_unbalanced_braces() -> None:
    formula = normalise_formula((LATEX / "formula_unbalanced_compatible.json").read_text(encoding="utf-8"))
    assert codes(formula) == ["latex"]
    assert formula.findings[0].variant == "never_closed"


def test_dangerous_macros_are_reported_not_followed(tmp_path: Path) -> None:
    formula = normalise_formula((LATEX / "formula_dangerous.tex").read_text(encoding="utf-8"))
    reported = {f.ctx.get("macro", r"\write18") for f in formula.findings
                if f.variant in ("redefines", "files_or_code", "write18")}
    assert reported == {r"\input", r"\immediate", r"\write18", r"\openout", r"\include"}
    assert "root:" not in formula.unicode_text and "root:" not in formula.spaced


def test_input_is_never_read_even_when_the_file_exists(tmp_path: Path, monkeypatch) -> None:
    secret = tmp_path / "secret.tex"
    secret.write_text("TOPSECRET", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    formula = normalise_formula(r"a + \input{secret.tex} + \include{secret}")
    assert "TOPSECRET" not in formula.unicode_text + formula.spaced + formula.compact
    assert [f.variant for f in formula.findings] == ["files_or_code", "files_or_code"]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 600, 5000])
def test_deep_nesting_is_a_finding_not_a_recursion_error(depth: int) -> None:
    formula = normalise_formula("{" * depth + "x" + "}" * depth)
    assert [f.code for f in formula.findings] == ["latex"]
    assert formula.findings[0].variant == "too_deep"


def test_deep_frac_nesting_and_unclosed_environments() -> None:
    fracs = r"\frac{" * 300 + "x" + "}{y}" * 300
    assert normalise_formula(fracs).findings[0].variant == "too_deep"
    envs = normalise_formula(r"\begin{aligned}" * 2000)
    assert any(f.variant == "too_deep" for f in envs.findings)


def test_stored_text_is_nfc_and_match_key_is_nfkc() -> None:
    formula = normalise_formula("\\text{e\u0301} + ｘ")
    assert "\u00e9" in formula.spaced and "ｘ" in formula.spaced
    assert formula.match_key == "{é}+x"
    assert normalise_formula(r"\mathbf { x } \leftarrow y").match_key == r"{x}\leftarrowy"
