"""The one finding factory, and the catalogue its messages come from.

Every finding of every stage is made by `finding(field, code, variant, **ctx)`: `code` is the
stable finding code (design.md; add, never rename), `variant` names one message of that code in
the catalogue (`ocrcheck/_catalogue/`), and `ctx` holds the values that message names. The
finding keeps `variant` and `ctx` (both language-independent, both in the JSON output) and a
`message` rendered in English; `localise()` renders it again in another language from the same
three. A message is the code's own sentence, then, for a variant, its detail:
"the check character does not match: MRZ check digit wrong: birth date".

Cheap on purpose (the engine makes findings in its hot path): a dictionary look-up, one
`str.format_map` and `Finding.model_construct`, no validation. The catalogue test checks instead,
once, that every template names only keys its callers give and renders in every language, and
that no module but this one builds a `Finding` itself.

Tests assert codes, variants and ctx, never this wording.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._catalogue import CATALOGUE, VOCABULARY
from ._exceptions import InputError
from ._records import FindingData, plain

if TYPE_CHECKING:
    from ._models import Finding, Result

LANGS: tuple[str, ...] = ("en", "zh")
DEFAULT_LANG = "en"
_LANG_INDEX = {lang: index for index, lang in enumerate(LANGS)}
_SEPARATOR = (": ", "：")  # between the code's sentence and the variant's detail, per language
# Names a ctx key may not have: they are the finding's own attributes (or the factory's).
RESERVED = frozenset({"field", "code", "variant", "severity", "value", "normalised", "suggestion", "rule", "lang"})
MAX_CTX_TEXT = 300  # a ctx string is a value a message names, not a copy of the document
MAX_CTX_ITEMS = 50
_FORMATTER = string.Formatter()


class _Shown:
    """One ctx value as a template shows it: a list joined by the language's comma (by its "or"
    with the spec `or`); with a spec naming a vocabulary (`{sex:sex}`), the value's word."""

    __slots__ = ("index", "value")

    def __init__(self, value: Any, index: int) -> None:
        self.value, self.index = value, index

    def __format__(self, spec: str) -> str:
        if isinstance(self.value, list):
            joiner = (" or ", "或") if spec == "or" else (", ", "、")
            return joiner[self.index].join(format(_Shown(item, self.index), spec) for item in self.value)
        if not spec or spec == "or":
            return str(self.value)
        words = VOCABULARY.get(spec)
        if words is not None:
            return words[str(self.value)][self.index] if str(self.value) in words else str(self.value)
        try:
            return format(self.value, spec)  # a number's format (`{angle:g}`)
        except (TypeError, ValueError):
            return str(self.value)


class _Ctx(dict[str, Any]):
    """A key a template names but the caller did not give renders as `{key}`, never raises."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def check_lang(lang: str) -> str:
    """`lang` if the catalogue has it; `InputError` (a ValueError) naming the languages otherwise."""
    if lang not in _LANG_INDEX:
        raise InputError(f"unknown language {lang!r}; one of {', '.join(LANGS)}")
    return lang


def json_safe(value: Any) -> Any:
    """A ctx value as JSON can hold it: text, numbers, booleans, None and lists of them (text
    and lists bounded: ctx names values, it is no copy of the document)."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)  # NaN and infinity are no JSON
    if isinstance(value, str):
        return value if len(value) <= MAX_CTX_TEXT else value[: MAX_CTX_TEXT - 1] + "…"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        return [json_safe(item) for item in items[:MAX_CTX_ITEMS]]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return json_safe(str(value))


def _compile(code: str, variant: str, index: int, whole: bool) -> tuple[str, bool] | None:
    """The template of (code, variant) in one language — with the code's sentence in front when
    `whole` — and whether it needs `_Shown` (a format spec); None for an unknown code."""
    base = CATALOGUE.get((code, ""))
    if base is None:
        return None
    own = CATALOGUE.get((code, variant)) if variant else None
    if own is None:
        text = base[index].replace("{", "{{").replace("}", "}}")
    elif whole:
        text = base[index].replace("{", "{{").replace("}", "}}") + _SEPARATOR[index] + own[index]
    else:
        text = own[index]
    return text, any(spec for _, name, spec, _ in _FORMATTER.parse(text) if name is not None)


_COMPILED: dict[tuple[str, str, int, bool], tuple[str, bool] | None] = {}


def _format(code: str, variant: str, ctx: Mapping[str, Any], lang: str, whole: bool) -> str:
    index = _LANG_INDEX.get(lang, 0)
    key = (code, variant, index, whole)
    compiled = _COMPILED.get(key)
    if compiled is None:
        if key in _COMPILED:
            return code
        compiled = _COMPILED[key] = _compile(code, variant, index, whole)
        if compiled is None:
            return code
    template, special = compiled
    if not ctx:
        return template.format_map(_Ctx())
    if special or any(isinstance(value, list) for value in ctx.values()):
        return template.format_map(_Ctx({key: _Shown(value, index) for key, value in ctx.items()}))
    return template.format_map(_Ctx(ctx))  # the common case: plain values, no spec (str() each)


def detail(code: str, variant: str, ctx: Mapping[str, Any], lang: str = DEFAULT_LANG) -> str:
    """The variant's own words in `lang` (the code's sentence when there is no variant): what a
    check's or a normaliser's exception says, naming the values in `ctx`."""
    return _format(code, variant, ctx, lang, whole=False)


def render(code: str, variant: str, ctx: Mapping[str, Any], lang: str = DEFAULT_LANG) -> str:
    """The message of (`code`, `variant`) in `lang`: the code's sentence, then the variant's."""
    return _format(code, variant, ctx, lang, whole=True)


def finding(
    field: str,
    code: str,
    variant: str = "",
    *,
    severity: str = "error",
    value: Any = None,
    normalised: Any = None,
    suggestion: str | None = None,
    rule: str | None = None,
    **ctx: Any,
) -> Finding:
    """One finding, its message from the catalogue (in English; see `localise`)."""
    # Plain text and integers are JSON already: only other values take the full conversion.
    safe = {key: item if (type(item) is str and len(item) <= MAX_CTX_TEXT) or type(item) is int else json_safe(item)
            for key, item in ctx.items()}
    return _construct({"field": field, "code": code, "severity": severity, "message": render(code, variant, safe),
                       "value": value, "normalised": normalised, "suggestion": suggestion, "rule": rule,
                       "variant": variant, "ctx": safe})


def _pick_constructor() -> Callable[[dict[str, Any]], Finding]:
    """`constructed(Finding, ·)` (the model's four attributes set directly) if it makes what
    `model_construct` makes in this pydantic version, else the latter: the shortcut depends on
    pydantic's internals, so it is checked, not assumed."""
    from ._models import Finding, constructed

    def trusted(values: dict[str, Any]) -> Finding:
        return constructed(Finding, values)

    sample: dict[str, Any] = {"field": "f", "code": "format", "severity": "error", "message": "m", "value": 1,
                              "normalised": None, "suggestion": None, "rule": None, "variant": "", "ctx": {"a": 1}}
    if tuple(sample) == tuple(Finding.model_fields):
        fast, slow = trusted(dict(sample)), Finding.model_construct(**sample)
        same = fast == slow and fast.model_dump() == slow.model_dump()
        if same and fast.model_fields_set == slow.model_fields_set and not Finding.__pydantic_post_init__:
            return trusted
    return lambda values: Finding.model_construct(**values)


_constructor: Callable[[dict[str, Any]], Finding] | None = None


def trusted_finding(values: dict[str, Any]) -> Finding:
    """The `Finding` of values this factory built, not validated: `_pick_constructor`'s choice,
    made on the first finding, since the choice builds Finding's schema (`defer_build`), which a
    cold start need not pay for."""
    global _constructor
    if _constructor is None:
        _constructor = _pick_constructor()
    return _constructor(values)


def _construct(values: dict[str, Any]) -> Finding:
    """A `FindingData` inside `plain_results()` (the command line, `ocrcheck._records`), else the
    public `Finding`."""
    if plain():
        return FindingData(values)  # type: ignore[return-value]  # every attribute a stage reads
    return trusted_finding(values)


def with_message(found: Finding, lang: str) -> Finding:
    """`found` with its message rendered in `lang` (the same finding when already so)."""
    message = render(found.code, found.variant, found.ctx, lang)
    return found if message == found.message else found.model_copy(update={"message": message})


def localise(findings: Iterable[Finding], lang: str = DEFAULT_LANG) -> list[Finding]:
    """The findings with their messages in `lang`; codes, variants and ctx unchanged."""
    check_lang(lang)
    return [with_message(found, lang) for found in findings]


def message_in(record: Mapping[str, Any], lang: str = DEFAULT_LANG) -> str:
    """The message of a serialised finding (a queue entry's, a results file's) in `lang`: rendered
    again from its code, variant and ctx when it has them (ocrcheck 0.1 wrote neither), else as
    stored. The record may come from an edited file: anything but a known code keeps its text."""
    code, variant, ctx, stored = record.get("code"), record.get("variant"), record.get("ctx"), record.get("message")
    if isinstance(code, str) and isinstance(variant, str) and (code, variant) in CATALOGUE:
        return render(code, variant, ctx if isinstance(ctx, Mapping) else {}, lang)
    return stored if isinstance(stored, str) else ""


def localise_records(findings: Iterable[Any], lang: str = DEFAULT_LANG) -> list[Any]:
    """Serialised findings with their messages in `lang` (other items are left as they are)."""
    check_lang(lang)
    return [{**item, "message": message_in(item, lang)} if isinstance(item, Mapping) else item for item in findings]


def localise_result(result: Result, lang: str = DEFAULT_LANG) -> Result:
    """`result` with its findings' messages in `lang`. A result fresh from the engine is already
    in English and comes back as it is (no work in the hot path); `localise` re-renders any."""
    check_lang(lang)
    if lang == DEFAULT_LANG:
        return result
    return result.model_copy(update={"findings": localise(result.findings, lang)})
