"""The one finding factory and its catalogue (`ocrcheck._messages`, `ocrcheck/_catalogue/`).

Static checks over the package's source (AST): no module but the factory builds a `Finding`, and
every call that names a message (the factory, the engine's `add`, checks' `invalid`, values'
`ValueProblem`, the normalisers' problem tuples) names one the catalogue has, with every value
its template names. Then the catalogue itself: every entry in every language, the same
placeholders in each, rendering with sample values. This is the one test that reads the wording.
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck import check
from ocrcheck._catalogue import CATALOGUE, PARTS, VOCABULARY
from ocrcheck._messages import LANGS, RESERVED, finding, json_safe, localise, render
from ocrcheck._models import FINDING_CODES, Finding

PACKAGE = Path(__file__).resolve().parent.parent / "ocrcheck"
FACTORY = PACKAGE / "_messages.py"
CJK = re.compile(r"[\u3400-\u9fff]")
_FORMATTER = string.Formatter()


def _placeholders(template: str) -> set[tuple[str, str]]:
    return {(name, spec or "") for _, name, spec, _ in _FORMATTER.parse(template) if name is not None}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


MODULES = _modules()


# -- who builds findings ------------------------------------------------------------------------


def _builds_finding(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "Finding"
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "Finding"
            and func.attr in ("model_construct", "model_validate", "model_validate_json"))


def test_no_module_but_the_factory_builds_a_finding() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path, tree in MODULES
        if path != FACTORY
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _builds_finding(node)
    ]
    assert not found, "build findings with ocrcheck._messages.finding: " + ", ".join(found)


def test_the_finding_scan_can_fail() -> None:
    tree = ast.parse('Finding(field="", code="format", message="free text")\nFinding.model_construct()')
    assert sum(_builds_finding(n) for n in ast.walk(tree) if isinstance(n, ast.Call)) == 2


# -- every named message exists and gets its values ---------------------------------------------

# Exception classes of stdnum and ours → the finding code the engine gives them (checks/_registry).
CODE_OF_CLASS = {"InvalidChecksum": "checksum", "InvalidDate": "date", "InvalidRange": "range"}
# Normalisers that describe a problem as a tuple before it is a finding: (…, variant, {ctx}).
TUPLE_CODE = {"_html": "table", "_spans": "table", "numbers": "table", "tables": "table", "document": "table",
              "_tabular": "table", "boxes": "geometry", "_macros": "latex"}


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _named(call: ast.Call) -> tuple[set[str], bool]:
    """(keyword names given, whether a `**` splat may give more)."""
    names = {k.arg for k in call.keywords if k.arg is not None}
    return names, any(k.arg is None for k in call.keywords)


def _uses(path: Path, tree: ast.Module) -> list[tuple[str, str, str, set[str] | None]]:
    """(where, code, variant, ctx keys or None when unknown) of every message named in a module."""
    out: list[tuple[str, str, str, set[str] | None]] = []
    where = f"{path.relative_to(PACKAGE.parent)}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            args = node.args
            names, splat = _named(node)
            keys = None if splat else names
            if name in ("finding", "add") and len(args) >= 2 and _text(args[1]) is not None:
                variant = _text(args[2]) if len(args) >= 3 else ""
                if variant is not None:
                    out.append((f"{where}:{node.lineno}", str(_text(args[1])), variant, keys))
            elif name == "_latex" and len(args) >= 2 and _text(args[1]) is not None:
                out.append((f"{where}:{node.lineno}", "latex", str(_text(args[1])), keys))
            elif name == "ValueProblem" and len(args) >= 2 and _text(args[0]) and _text(args[1]) is not None:
                out.append((f"{where}:{node.lineno}", str(_text(args[0])), str(_text(args[1])), keys))
            elif name == "invalid" and args and isinstance(args[0], ast.Name):
                variant = _text(args[1]) if len(args) >= 2 else ""
                if variant is not None:
                    code = CODE_OF_CLASS.get(args[0].id, "format")
                    out.append((f"{where}:{node.lineno}", code, variant, keys))
        elif isinstance(node, ast.Tuple) and path.stem in TUPLE_CODE:
            for first, second in zip(node.elts, node.elts[1:], strict=False):
                variant = _text(first)
                if variant is not None and isinstance(second, ast.Dict):
                    given_keys = {_text(k) for k in second.keys}
                    keys = None if None in given_keys else {k for k in given_keys if k}
                    out.append((f"{where}:{node.lineno}", TUPLE_CODE[path.stem], variant, keys))
    return out


USES = [use for path, tree in MODULES for use in _uses(path, tree)]


def test_the_use_scan_sees_the_stages() -> None:
    stages = {Path(use[0].split(":")[0]).parts[1] for use in USES}
    assert {"engine.py", "parse.py", "pipeline.py", "values.py", "checks", "crossfield", "normalise", "commands",
            "batch"} <= stages
    assert len(USES) > 300


STDNUM_ERRORS = {"ValidationError", "InvalidFormat", "InvalidLength", "InvalidChecksum", "InvalidComponent",
                 "InvalidDate", "InvalidRange"}


def _free_text_raises(tree: ast.AST) -> list[int]:
    """Lines raising a stdnum exception with words of its own instead of `invalid(...)`."""
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
            and isinstance(node.exc.func, ast.Name) and node.exc.func.id in STDNUM_ERRORS
            and (node.exc.args or node.exc.keywords)]


def test_checks_raise_with_catalogue_messages() -> None:
    found = [f"{path.name}:{line}" for path, tree in MODULES if path.parent.name == "checks"
             for line in _free_text_raises(tree)]
    assert not found, "raise invalid(InvalidFormat, 'variant', **ctx), not free text: " + ", ".join(found)
    assert _free_text_raises(ast.parse('raise InvalidFormat("free words")\nraise InvalidLength()')) == [1]


@pytest.mark.parametrize(("where", "code", "variant", "keys"), USES, ids=[u[0] for u in USES])
def test_every_named_message_exists_and_gets_its_values(where: str, code: str, variant: str,
                                                        keys: set[str] | None) -> None:
    assert code in FINDING_CODES
    assert (code, variant) in CATALOGUE, f"{where}: no message ({code!r}, {variant!r}) in the catalogue"
    if keys is not None:
        wanted = {name for name, _ in _placeholders(CATALOGUE[(code, variant)][0])}
        assert wanted <= keys, f"{where}: ({code}, {variant}) names {sorted(wanted - keys)}, not given"


# -- the catalogue itself -----------------------------------------------------------------------


def test_every_code_has_its_sentence_and_variants_are_unique() -> None:
    assert {code for code, variant in CATALOGUE if variant == ""} == set(FINDING_CODES)
    keys = [key for part in PARTS for key in part]
    assert len(keys) == len(set(keys)), "a (code, variant) is in two parts of the catalogue"
    assert all(code in FINDING_CODES for code, _ in CATALOGUE)


ENTRIES = sorted(CATALOGUE.items())


def _sample(name: str, spec: str) -> Any:
    if spec in VOCABULARY:
        return next(iter(VOCABULARY[spec]))
    if spec == "or":
        return ["A", "B"]
    return 1234.5 if spec else f"<{name}>"


@pytest.mark.parametrize(("key", "texts"), ENTRIES, ids=[f"{c}.{v or '-'}" for (c, v), _ in ENTRIES])
def test_every_entry_renders_in_every_language(key: tuple[str, str], texts: tuple[str, ...]) -> None:
    code, variant = key
    assert len(texts) == len(LANGS) and all(t.strip() for t in texts)
    english = _placeholders(texts[0])
    for text in texts[1:]:
        assert _placeholders(text) == english, f"{key}: placeholders differ between languages"
    for name, spec in english:
        assert name.isidentifier() and name not in RESERVED, f"{key}: ctx key {name!r}"
        assert spec in VOCABULARY or spec == "or" or spec == "" or format(1234.5, spec)
    ctx = {name: _sample(name, spec) for name, spec in english}
    for lang, text in zip(LANGS, texts, strict=True):
        shown = render(code, variant, ctx, lang)
        assert not any("{" + name in shown for name, _ in english), f"{key} [{lang}]: {shown}"
        assert all(f"<{name}>" in shown for name, spec in english if not spec), shown
        if lang == "zh" and CJK.sub("", text) == text:
            # Chinese without a Chinese character: only the pass-through of a third party's words.
            assert re.fullmatch(r"\{[a-z_]+\}", text), f"{key}: no Chinese in {text!r}"


def test_vocabularies_have_every_language() -> None:
    for words in VOCABULARY.values():
        assert all(len(pair) == len(LANGS) and all(pair) for pair in words.values())


# -- the factory ----------------------------------------------------------------------------------


def test_the_factory_keeps_code_variant_and_ctx_and_renders_the_message() -> None:
    made = finding("items[0].tax", "mismatch", "item_tax", value="1.00", amount="100.00", rate="13%",
                   expected="13.00", tax="1.00")
    assert (made.field, made.code, made.variant, made.severity) == ("items[0].tax", "mismatch", "item_tax", "error")
    assert made.ctx == {"amount": "100.00", "rate": "13%", "expected": "13.00", "tax": "1.00"}
    assert made.message == render("mismatch", "item_tax", made.ctx, "en")
    zh = localise([made], "zh")[0]
    assert zh.message != made.message and CJK.search(zh.message)
    assert (zh.code, zh.variant, zh.ctx, zh.field, zh.value) == (made.code, made.variant, made.ctx, made.field, "1.00")
    assert localise(localise([made], "zh"), "en")[0].message == made.message


def test_the_factory_makes_what_pydantic_makes() -> None:
    """The factory's shortcut past `model_construct` is checked at import; this holds it to the
    validated model too (equality, dump, JSON, frozen)."""
    made = finding("items[0].amount", "mismatch", "item_amount", value="5.00", severity="warning", rule="item_amount",
                   quantity="2", unit_price="2.00", product="4.00", amount="5.00", tolerance="0.01")
    validated = Finding.model_validate(made.model_dump())
    assert made == validated and made.model_dump_json() == validated.model_dump_json()
    assert made.model_fields_set == set(Finding.model_fields)
    with pytest.raises(ValueError):
        made.code = "format"  # type: ignore[misc]


def test_a_vocabulary_word_follows_the_language_and_ctx_keeps_the_code() -> None:
    made = finding("sex", "mismatch", "id_sex", printed="M", in_number="F")
    assert made.ctx == {"printed": "M", "in_number": "F"}
    assert "female" in made.message and "女" in localise([made], "zh")[0].message


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.dates() | st.decimals(),
    lambda inner: st.lists(inner, max_size=60) | st.tuples(inner, inner) | st.frozensets(st.integers()),
    max_leaves=80,
))
def test_ctx_is_always_json(value: Any) -> None:
    made = finding("", "format", "detail", detail=value)
    json.dumps(made.ctx, allow_nan=False)
    assert made.ctx["detail"] == json_safe(value)
    assert made.message  # renders whatever the value


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        localise([], "fr")


def test_a_checked_document_in_chinese() -> None:
    """`lang=` changes the messages only: codes, variants and ctx are those of English."""
    data = {"name": "张三", "sex": "男", "id_number": "11010519491231002X", "birth_date": "1949-12-31"}
    english, chinese = check("cn_resident_id", data), check("cn_resident_id", data, lang="zh")
    assert [(f.field, f.code, f.variant, f.ctx) for f in english.findings] == [
        (f.field, f.code, f.variant, f.ctx) for f in chinese.findings]
    assert any(f.code == "mismatch" and f.variant == "id_sex" for f in english.findings)
    assert all(CJK.search(f.message) for f in chinese.findings)
    assert english.findings != chinese.findings


def test_masking_covers_ctx_and_a_message_rendered_again_from_it() -> None:
    """`--mask-pii` masks ctx as it masks the message, so a queue entry re-rendered in another
    language from its ctx (`review show --lang zh`, the desk) leaks nothing either."""
    from ocrcheck import pii
    from ocrcheck._messages import message_in

    number = "11010519491231002X"
    made = finding("holder_id", "format", "detail", detail=f"the number {number} is not the card's")
    record = pii.mask_record({"fields": {"id_number": number}, "findings": [made.model_dump()]}, ["id_number"])
    masked = record["findings"][0]
    assert number not in json.dumps(record, ensure_ascii=False)
    assert "1101************2X" in masked["ctx"]["detail"] and number not in message_in(masked, "zh")


def test_a_check_exception_reads_as_stdnum_s_and_pickles_with_its_message() -> None:
    import pickle
    import traceback

    from stdnum.exceptions import InvalidLength

    from ocrcheck.checks import finding_detail, get_check

    with pytest.raises(InvalidLength) as raised:
        get_check("cn_plate")("京A1")
    error = raised.value
    assert finding_detail(error) == ("plate_length_found", {"found": 3})
    assert str(error) == render("format", "plate_length_found", {"found": 3}).split(": ", 1)[1]
    assert traceback.format_exception_only(error)[0].startswith("stdnum.exceptions.InvalidLength: a plate number")
    again = pickle.loads(pickle.dumps(error))  # a process pool or Dask worker may ship it
    assert isinstance(again, InvalidLength) and finding_detail(again) == finding_detail(error)
