"""Which document type an answer is, from its keys and values, with a score.

An extraction run without `result_schema` comes back with keys of the model's choosing, usually
the labels the document prints (`NIK`, `Tanggal Lahir`, `姓名`). Every document type lists its
labels (`x-aliases`), its identifier checks and its value patterns, so the evidence for a type is:

* **keys**: each answer key that is one of the type's labels. A label many types share
  (`Name`, `出生日期`) says little, one few types have (`NIK`, `中文电码`) says much: a key
  weighs log(1 + N / n), N types in all, n of them with that label (inverse document frequency).
* **values**: each value that passes the check (NIK, VIN, MRZ, ...), schema pattern or
  enumeration of the field its key names in the type, weighted by how few of the types printing
  that label accept it.

The base score is the share of the answer's total evidence that the type explains (0-1). The
best few candidates are then checked in full and each error finding multiplies the score by
`ERROR_FACTOR`, so of two types explaining the same keys the one under which the answer is clean
wins (a US passport number against the Indian passport's pattern, a required field absent), yet
one wrong digit does not hand a Thai ID card to the Pakistani type that has no checksum.

A detection is *recognised* only with a score of at least `MIN_SCORE` and a lead of at least
`MIN_MARGIN` over the runner-up: an answer that fits two types about equally goes to review.

Bounded work: at most `MAX_KEYS` keys and values of at most `MAX_VALUE_CHARS` characters are
looked at; value verdicts are cached per (type, label, value).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from . import checks, clock
from .doctypes import DocType, fold_label, get_doctype, list_doctypes
from .engine import check_fields
from .kinds import normalise_value

MAX_KEYS = 200
MAX_VALUE_CHARS = 200
FULL_CHECKS = 6  # candidates checked in full, their scores lowered by their error findings
ERROR_FACTOR = 0.8
MIN_SCORE = 0.3  # below this, or
MIN_MARGIN = 0.05  # with a lead smaller than this, `--type auto` says the type is not recognised


class Candidate(BaseModel):
    """One document type and how well the answer fits it."""

    model_config = ConfigDict(frozen=True)

    doc_type: str
    score: float
    keys: int  # answer keys that are labels of this type
    values: int  # answer values that pass one of this type's checks or patterns
    errors: int | None = None  # error findings when checked in full (None: not checked)


class Detection(BaseModel):
    """The most likely document type (None when nothing fits) and the best candidates."""

    model_config = ConfigDict(frozen=True)

    doc_type: str | None
    score: float
    candidates: list[Candidate]

    @property
    def recognised(self) -> bool:
        if self.doc_type is None or self.score < MIN_SCORE:
            return False
        runner_up = self.candidates[1].score if len(self.candidates) > 1 else 0.0
        return self.score - runner_up >= MIN_MARGIN


@dataclass(frozen=True)
class _ValueTest:
    kind: str
    checks: tuple[str, ...]
    pattern: re.Pattern[str] | None
    enum: frozenset[str] | None


@dataclass(frozen=True)
class _Index:
    types: tuple[str, ...]
    label_types: dict[str, frozenset[str]]  # folded label → the types that print it
    value_tests: dict[str, dict[str, _ValueTest]]  # type → field → the test its values can pass


def _value_tests(doctype: DocType) -> dict[str, _ValueTest]:
    tests = {}
    for key, prop in doctype.schema.get("properties", {}).items():
        if not isinstance(prop, Mapping):
            continue
        rule = doctype.fields.get(key)
        check_names = rule.checks if rule else ()
        pattern = prop.get("pattern")
        # An ISO-date pattern only says "this is a date" of the normalised value: no evidence.
        compiled = re.compile(pattern) if isinstance(pattern, str) and r"\d{4}-\d{2}-\d{2}" not in pattern else None
        enum = prop.get("enum")
        values = frozenset(str(v) for v in enum if v is not None) if isinstance(enum, list) else None
        if check_names or compiled or values:
            tests[key] = _ValueTest(rule.kind if rule else "text", check_names, compiled, values)
    return tests


@cache
def _index() -> _Index:
    types = tuple(list_doctypes())
    label_types: dict[str, set[str]] = {}
    value_tests = {}
    for name in types:
        doctype = get_doctype(name)
        labels = set(doctype.aliases)
        for item_aliases in doctype.item_aliases.values():
            labels |= set(item_aliases)
        for label in labels:
            label_types.setdefault(label, set()).add(name)
        value_tests[name] = _value_tests(doctype)
    return _Index(types, {k: frozenset(v) for k, v in label_types.items()}, value_tests)


def _passes(test: _ValueTest, value: str, order: str) -> bool:
    try:
        normalised = normalise_value(value, test.kind, order)  # type: ignore[arg-type]
        if not isinstance(normalised, str):
            return False
        for name in test.checks:
            normalised = checks.get_check(name)(normalised)
    except Exception:  # a value that cannot be read, or fails (or breaks) a check: no evidence
        return False
    if test.pattern is not None and not test.pattern.search(normalised):
        return False
    return test.enum is None or normalised in test.enum


def _field_of(doctype: DocType, key: str) -> str | None:
    field = doctype.aliases.get(fold_label(key))
    if field is None:
        halves = {doctype.aliases.get(fold_label(part)) for part in re.split(r"[/|]", key) if part.strip()}
        halves.discard(None)
        field = halves.pop() if len(halves) == 1 else None
    return field


@lru_cache(maxsize=8192)
def _accepts(doc_type: str, key: str, value: str, day: date) -> bool:
    """The value passes the test of the field this key names in this type (checked on `day`:
    a birth date after it fails, so the day is part of the cache key)."""
    doctype = get_doctype(doc_type)
    field = _field_of(doctype, key)
    test = _index().value_tests[doc_type].get(field) if field else None
    return test is not None and _passes(test, value, doctype.date_order)


def label_types(key: str) -> frozenset[str]:
    """The types that print this label; a bilingual label `Tanggal Lahir / Date of Birth` counts
    for the types of any of its halves."""
    index = _index()
    folded = fold_label(key)
    if folded in index.label_types:
        return index.label_types[folded]
    out: set[str] = set()
    for part in re.split(r"[/|]", key):
        out |= index.label_types.get(fold_label(part), frozenset()) if part.strip() else frozenset()
    return frozenset(out)


def _item_keys(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(k) for item in value[:5] if isinstance(item, Mapping) for k in list(item)[:MAX_KEYS]]
    return []


def _weight(count: int, total: int) -> float:
    return math.log(1 + total / count) if count else 0.0


def detect_fields(data: Mapping[str, Any]) -> Detection:
    """Rank the document types for an object of extracted fields."""
    index = _index()
    total_types = len(index.types)
    evidence = {name: 0.0 for name in index.types}
    key_hits = {name: 0 for name in index.types}
    value_hits = {name: 0 for name in index.types}
    total = 0.0
    items = list(data.items())[:MAX_KEYS]
    keys = [str(k) for k, _ in items] + [k for _, v in items for k in _item_keys(v)][:MAX_KEYS]
    for key in keys:
        found = label_types(key)
        weight = _weight(len(found), total_types)
        total += weight
        for name in found:
            evidence[name] += weight
            key_hits[name] += 1
    for key, value in items:
        # A value is evidence for the types whose field of that label accepts it (a NIK under
        # `NIK`), weighted by how few of the types printing that label accept it.
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            continue
        text = str(value)
        if not text.strip() or len(text) > MAX_VALUE_CHARS:
            continue
        accepting = [name for name in label_types(str(key)) if _accepts(name, str(key), text, clock.today())]
        if not accepting:
            continue
        weight = _weight(len(accepting), total_types)
        total += weight
        for name in accepting:
            evidence[name] += weight
            value_hits[name] += 1
    # A type none of whose labels is among the keys is no candidate: values alone (a word of
    # three capitals, a date) fit too many types by chance.
    ranked = sorted((n for n in index.types if key_hits[n]), key=lambda n: (-evidence[n], n))
    candidates = [
        Candidate(doc_type=n, score=evidence[n] / total, keys=key_hits[n], values=value_hits[n]) for n in ranked
    ]
    candidates = _refine(candidates[:FULL_CHECKS], data) + candidates[FULL_CHECKS:]
    best = candidates[0] if candidates else None
    return Detection(
        doc_type=best.doc_type if best else None, score=round(best.score, 4) if best else 0.0, candidates=candidates[:5]
    )


def _refine(candidates: list[Candidate], data: Mapping[str, Any]) -> list[Candidate]:
    """Check the best candidates in full; each error finding lowers the score by ERROR_FACTOR."""
    out = []
    for candidate in candidates:
        try:
            errors = len(check_fields(get_doctype(candidate.doc_type), data, unmapped="extra").errors)
        except Exception:  # a value that breaks a stage under this type: the worst fit
            errors = 100
        score = round(candidate.score * ERROR_FACTOR**errors, 4)
        out.append(candidate.model_copy(update={"score": score, "errors": errors}))
    return sorted(out, key=lambda c: (-c.score, c.doc_type))
