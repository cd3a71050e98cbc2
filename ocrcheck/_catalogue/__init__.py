"""The message catalogue: (finding code, variant) → (English, Chinese) templates.

`(code, "")` is the code's own sentence; `(code, variant)` a detail shown after it. Templates
name the finding's `ctx` keys in `{braces}`; a list in ctx is shown joined by ", " (English) or
"、" (Chinese). A format spec names a vocabulary: `{sex:sex}` shows `M` as "male" or "男" (ctx
keeps `M`: the values stay language-independent); `{codes:or}` joins a list with "or" or "或";
any other spec formats a number (`{angle:g}`). The parts are split by stage so that each stays
readable; a variant is unique within its code (the catalogue test checks that, and that every
entry has every language).
"""

from __future__ import annotations

from . import _checks, _codes, _document, _markup, _rules

PARTS: tuple[dict[tuple[str, str], tuple[str, str]], ...] = (
    _codes.MESSAGES,
    _document.MESSAGES,
    _checks.MESSAGES,
    _rules.MESSAGES,
    _markup.MESSAGES,
)
CATALOGUE: dict[tuple[str, str], tuple[str, str]] = {key: text for part in PARTS for key, text in part.items()}

# Coded values (as ctx holds them) → their words per language, for `{key:vocabulary}`.
VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {
    "sex": {"M": ("male", "男"), "F": ("female", "女"), "X": ("unspecified", "未指明")},
    "age_source": {
        "birth_date": ("birth date", "出生日期"),
        "id_number": ("birth date in the ID number", "身份证号码中的出生日期"),
    },
    "region": {"Hong Kong": ("Hong Kong", "香港"), "Macao": ("Macao", "澳门"), "Taiwan": ("Taiwan", "台湾")},
}
