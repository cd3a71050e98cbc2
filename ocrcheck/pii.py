"""Keeping identity numbers out of the review queue: masking (`--mask-pii`) and keyed ids.

The masking rule, one for every value: **keep the first four and the last two
letters-or-digits, replace every other letter or digit with `*`, keep punctuation, spaces and
existing `*` as they are** (length and layout survive, so a reviewer still recognises the
number). A value with fewer than eight letters-or-digits is masked entirely. Examples::

    >>> mask_value("11010519491231002X")
    '1101************2X'
    >>> mask_value("6222 0212 3456 7890 128")
    '6222 **** **** **** *28'
    >>> mask_value("1101051949****002X")   # already masked by the document itself
    '1101************2X'
    >>> mask_value("A123456(7)")           # HKID: 8 letters-or-digits
    'A123**6(7)'
    >>> scrub_text("卡号 6222021234567890128，日期 2024-11-14")
    '卡号 6222*************28，日期 2024-11-14'

Where it applies, in an entry of the queue:

- `fields`: every key named in `pii_fields`, at any depth, whatever the value's shape (a number
  becomes a masked string). The caller passes the names (a document type knows them);
  `DEFAULT_PII_FIELDS` is the fallback.
- findings on such a field (the path's last part names it): `value`, `normalised`, `suggestion`.
- `raw` (the service answer, whose keys are the service's, not ours): by pattern `DIGIT_RUN`,
  every run of at least eight digits, where up to three spaces of any width (single, double,
  ideographic U+3000, no-break) may separate the digits (cards are printed in groups of four) or
  hyphens join groups of four (so ISO dates survive); a trailing `X` belongs to the run (resident
  ID check character); plus HKID and passport shapes (below). Integers are matched the same way.
  Invoice numbers and dates written `20241114` are masked too: with `--mask-pii` we prefer
  over-masking the raw answer to leaking an identity number.
- everything else (other fields, messages, values of findings on other fields, `source`): by the
  narrower pattern `ID_SHAPED`, 15 to 19 digits (optionally spaced, optional trailing `X`): the
  shape of resident IDs and card numbers, not of invoice numbers (8), invoice codes (10, 12) or
  check codes (20). A credit code made only of digits would be masked too. Both patterns also
  match HKIDs (`C668668(9)`, `C 668668 (9)`, `C668668[9]`) and letter-prefixed passport numbers
  (`E12345678`, `EA1234567`) wherever they are: under an unknown key, inside another field's
  text, in a message.
- everywhere: each PII value found in the entry (eight letters-or-digits or more) is masked
  wherever it occurs verbatim, which catches numbers no pattern covers (HKID, passport).
- Dictionary keys are never changed (two keys masking to the same text would collide).

Keyed ids (the review queue's entry `id`): HMAC-SHA256 of canonical JSON, because a plain hash of
an 18-digit ID number with a known region and birth date is a few million guesses. The key is
given, or `$OCRCHECK_QUEUE_KEY`, or 32 random bytes in `<queue>.key`, created 0600 once and
race-free (written in full under a private name, then `os.link`ed into place).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from ._exceptions import OcrcheckError

DEFAULT_PII_FIELDS: frozenset[str] = frozenset(
    {"id_number", "card_number", "passport_number", "mrz_line1", "mrz_line2"}
)
KEY_ENV = "OCRCHECK_QUEUE_KEY"
KEY_BYTES = 32
MIN_KEY_BYTES = 16
KEEP_HEAD = 4
KEEP_TAIL = 2
MIN_SIGNIFICANT = 8

# \d matches full-width digits too, which OCR emits. Digits of one number may be separated by up
# to three spaces of any width (single, double, the ideographic U+3000, no-break), as OCR prints
# card numbers in groups.
_GAP = "[ \u00a0\u2000-\u200b\u202f\u3000]{0,3}"
_ALNUM_EDGE_BEFORE, _ALNUM_EDGE_AFTER = "(?<![A-Za-z0-9])", "(?![A-Za-z0-9])"
# HKID: one or two letters, six digits, the check character in (), [], full-width （） or bare:
# `C668668(9)`, `C 668668 (9)`, `C668668[9]`, `AB987654(3)`.
HKID_SHAPED = (
    f"{_ALNUM_EDGE_BEFORE}[A-Z]{{1,2}}{_GAP}\\d{{6}}{_GAP}"
    f"(?:[(\\[（]{_GAP}[0-9A]{_GAP}[)\\]）]|[0-9A]{_ALNUM_EDGE_AFTER})"
)
# Passport numbers with a letter prefix: `E12345678`, `EA1234567`, `G12345678`, `K01234567`.
PASSPORT_SHAPED = f"{_ALNUM_EDGE_BEFORE}[A-Z]{{1,2}}\\d{{7,8}}{_ALNUM_EDGE_AFTER}"
# Both patterns open with one class, `[\dA-Z]` (every match starts with a digit or a capital
# letter), so the regex engine skips to the next candidate in C; a bare alternation is tried, all of
# it, at every position (50-90 ns a character: seconds for a 64 MiB answer). The alternatives
# continue after that first character, each behind a look-behind that says what it was; the edge
# before a letter-prefixed shape is then looked at one character further back. tests/hostile checks
# these against the plain alternations (`_plain_patterns`) on generated text.
_DIGIT_FIRST, _LETTER_FIRST = "(?<=\\d)", "(?<=[A-Z])(?<![A-Za-z0-9].)"
_HKID_REST = (
    f"[A-Z]?{_GAP}\\d{{6}}{_GAP}"
    f"(?:[(\\[（]{_GAP}[0-9A]{_GAP}[)\\]）]|[0-9A]{_ALNUM_EDGE_AFTER})"
)
_PASSPORT_REST = f"[A-Z]?\\d{{7,8}}{_ALNUM_EDGE_AFTER}"
DIGIT_RUN = re.compile(
    f"[\\dA-Z](?:{_DIGIT_FIRST}(?:\\d{{3}}(?:-\\d{{4}}){{2,}}(?:-\\d{{1,4}})?|(?:{_GAP}\\d){{7,}}(?:[Xx](?![A-Za-z]))?)"
    f"|{_LETTER_FIRST}(?:{_HKID_REST}|{_PASSPORT_REST}))"
)
ID_SHAPED = re.compile(
    f"[\\dA-Z](?:{_DIGIT_FIRST}(?<!\\d.)(?:{_GAP}\\d){{14,18}}(?:[Xx](?![A-Za-z]))?(?!\\d)"
    f"|{_LETTER_FIRST}(?:{_HKID_REST}|{_PASSPORT_REST}))"
)


def _plain_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """DIGIT_RUN and ID_SHAPED as plain alternations: the reference the fast forms are tested against."""
    digit_run = re.compile(
        f"\\d{{4}}(?:-\\d{{4}}){{2,}}(?:-\\d{{1,4}})?|\\d(?:{_GAP}\\d){{7,}}(?:[Xx](?![A-Za-z]))?"
        f"|{HKID_SHAPED}|{PASSPORT_SHAPED}"
    )
    id_shaped = re.compile(
        f"(?<!\\d)\\d(?:{_GAP}\\d){{14,18}}(?:[Xx](?![A-Za-z]))?(?!\\d)|{HKID_SHAPED}|{PASSPORT_SHAPED}"
    )
    return digit_run, id_shaped


_INDEX = re.compile(r"\[\d+\]")
# Every match of these patterns holds a digit: a text without one (a 10^6-character `¥` run kept
# as given) is returned after one quick search.
_NEED_A_DIGIT = (DIGIT_RUN, ID_SHAPED)
_ANY_DIGIT = re.compile(r"\d")


# Letters-or-digits: exactly `str.isalnum` (tests/hostile compares them over every code point),
# matched in C: masking a 10^6-character value kept as given must not loop over it in Python.
_ALNUM = re.compile(r"[^\W_]")
_SIGNIFICANT = re.compile(rf"[^\W_](?:[\W_]*[^\W_]){{{MIN_SIGNIFICANT - 1}}}")


def mask_value(text: str) -> str:
    """Mask one value by the module's rule (first 4 and last 2 letters-or-digits kept)."""
    if not _SIGNIFICANT.search(text):
        return _ALNUM.sub("*", text)  # fewer than eight: masked entirely
    head = [m.end() for m, _ in zip(_ALNUM.finditer(text), range(KEEP_HEAD), strict=False)][-1]
    tail = len(text) - [m.end() for m, _ in zip(_ALNUM.finditer(text[::-1]), range(KEEP_TAIL), strict=False)][-1]
    return text[:head] + _ALNUM.sub("*", text[head:tail]) + text[tail:]


def scrub_text(text: str, known: Iterable[str] = (), pattern: re.Pattern[str] = DIGIT_RUN) -> str:
    """Mask every verbatim occurrence of a `known` PII value in `text`, then every match of
    `pattern`."""
    for value in known:
        if value in text:
            text = text.replace(value, mask_value(value))
    if pattern in _NEED_A_DIGIT and not _ANY_DIGIT.search(text):
        return text  # nothing to match; the search is ten times cheaper than the patterns' scan
    return pattern.sub(lambda m: mask_value(m.group(0)), text)


def scrub(data: Any, known: Iterable[str] = (), pattern: re.Pattern[str] = DIGIT_RUN) -> Any:
    """A copy of JSON-like `data` with `scrub_text` applied to every string and integer (an
    integer that needs masking becomes a string)."""
    known = tuple(known)
    if isinstance(data, str):
        return scrub_text(data, known, pattern)
    if isinstance(data, int) and not isinstance(data, bool):
        if data.bit_length() > 14000:  # more digits than Python prints: described, not masked
            return f"<an integer of about {int(data.bit_length() * 0.30103)} digits>"
        text = scrub_text(str(data), known, pattern)
        return data if text == str(data) else text
    if isinstance(data, Mapping):
        return {k: scrub(v, known, pattern) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [scrub(v, known, pattern) for v in data]
    return data


def _mask_any(value: Any) -> Any:
    """Mask a value under a PII key whatever its shape (a number becomes a masked string)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Mapping):
        return {k: _mask_any(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_any(v) for v in value]
    return mask_value(str(value))


def mask_fields(fields: Any, pii_fields: Iterable[str], known: Iterable[str] = ()) -> Any:
    """Mask every key in `pii_fields` at any depth of `fields`; scrub the other values of known
    PII values and of `ID_SHAPED` numbers."""
    names = frozenset(pii_fields)
    known = tuple(known)
    if isinstance(fields, Mapping):
        return {
            k: _mask_any(v) if k in names else mask_fields(v, names, known)
            for k, v in fields.items()
        }
    if isinstance(fields, list | tuple):
        return [mask_fields(v, names, known) for v in fields]
    return scrub(fields, known, ID_SHAPED)


def known_values(
    fields: Any, pii_fields: Iterable[str], findings: Iterable[Mapping[str, Any]] = ()
) -> list[str]:
    """The PII values present in `fields` and in the findings on PII fields (as strings, longest
    first, only those with enough letters-or-digits to be worth replacing verbatim)."""
    names = frozenset(pii_fields)
    found: set[str] = set()

    def collect(value: Any, under_pii: bool) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                collect(v, under_pii or k in names)
        elif isinstance(value, list | tuple):
            for v in value:
                collect(v, under_pii)
        elif under_pii and value is not None and not isinstance(value, bool):
            text = str(value)
            if _SIGNIFICANT.search(text):  # eight letters-or-digits or more
                found.add(text)

    collect(fields, False)
    for finding in findings:
        if is_pii_path(str(finding.get("field") or ""), names):
            collect([finding.get(k) for k in ("value", "normalised", "suggestion")], True)
    return sorted(found, key=len, reverse=True)


def is_pii_path(path: str, pii_fields: Iterable[str]) -> bool:
    """True when a finding's field path (`items[0].id_number`) names a PII field."""
    names = frozenset(pii_fields)
    return path in names or _INDEX.sub("", path.split(".")[-1]) in names


def mask_finding(
    finding: Mapping[str, Any], pii_fields: Iterable[str], known: Iterable[str]
) -> dict[str, Any]:
    """A masked copy of one serialised finding: values on a PII field by the rule; every other
    string (message, values on other fields) scrubbed of known values and `ID_SHAPED` numbers."""
    out = dict(finding)
    if is_pii_path(str(out.get("field") or ""), pii_fields):
        for key in ("value", "normalised", "suggestion"):
            if out.get(key) is not None:
                out[key] = _mask_any(out[key])
    return {k: v if k == "field" else scrub(v, known, ID_SHAPED) for k, v in out.items()}


def mask_record(record: Mapping[str, Any], pii_fields: Iterable[str]) -> dict[str, Any]:
    """A masked copy of a serialised result (`source`, `fields`, `findings`, `meta`, and `raw`
    when present), by the rules above: what `--mask-pii` prints and what the queue stores."""
    names = frozenset(pii_fields) or DEFAULT_PII_FIELDS
    findings = [f for f in record.get("findings") or [] if isinstance(f, Mapping)]
    known = known_values(record.get("fields") or {}, names, findings)
    out = dict(record)
    out["source"] = scrub(record.get("source"), known, ID_SHAPED)
    out["fields"] = mask_fields(record.get("fields") or {}, names, known)
    out["findings"] = [mask_finding(f, names, known) for f in findings]
    if "meta" in record:
        out["meta"] = scrub(record["meta"], known, ID_SHAPED)
    if "raw" in record:
        out["raw"] = scrub(record["raw"], known)
    return out


# -- keyed ids and private files ------------------------------------------------------------


class QueueError(OcrcheckError):
    """The review queue cannot be used (key, permissions, an unusable path)."""


class QueuePermissionWarning(UserWarning):
    """An existing queue or key file was readable by others and has been narrowed to 0600."""


def canonical_json(data: Any) -> bytes:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def entry_id(
    doc_type: str, fields: Any, raw: Any = None, *, key: bytes, source: str | None = None
) -> str:
    """The stable id of an entry: HMAC-SHA256 of canonical JSON of its content and doc type."""
    material: dict[str, Any] = {"v": 1, "doc_type": doc_type, "fields": fields, "raw": raw}
    if not fields and raw is None:
        material["source"] = source
    # Imported here: only a queue needs ids, and `--mask-pii` on printed output needs no pydantic.
    from pydantic_core import to_jsonable_python

    return hmac.new(key, canonical_json(to_jsonable_python(material)), hashlib.sha256).hexdigest()


def fsync_dir(path: str) -> None:
    fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_private(fd: int, path: str) -> None:
    """Narrow a group/other-accessible file we own to 0600; refuse one we do not own."""
    st = os.fstat(fd)
    if not st.st_mode & 0o077:
        return
    if st.st_uid != os.geteuid():
        raise QueueError(f"{path} is accessible to group/others and not ours to narrow")
    os.fchmod(fd, stat.S_IMODE(st.st_mode) & 0o700)
    warnings.warn(
        f"{path} was accessible to group/others; narrowed to owner-only",
        QueuePermissionWarning,
        stacklevel=4,
    )


def key_file(path: str) -> bytes:
    """The 32-byte key in `path`, creating the file (0600) if it does not exist."""
    for _ in range(3):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            _create_key_file(path)
            continue
        try:
            ensure_private(fd, path)
            data = os.read(fd, KEY_BYTES + 1)
        finally:
            os.close(fd)
        if len(data) != KEY_BYTES:
            raise QueueError(f"key file {path} holds {len(data)} bytes, expected {KEY_BYTES}")
        return data
    raise QueueError(f"key file {path} vanished while being created")


def _create_key_file(path: str) -> None:
    # Written in full under a private name, then linked into place: a concurrent creator either
    # wins the link or reads a complete key, never an empty file.
    tmp = f"{path}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        if os.write(fd, secrets.token_bytes(KEY_BYTES)) != KEY_BYTES:
            raise QueueError(f"short write creating key file {path}")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process won; its key is complete
    except OSError as error:
        raise QueueError(
            f"cannot create key file {path} ({error.strerror}); set {KEY_ENV} instead"
        ) from None
    finally:
        os.unlink(tmp)
    fsync_dir(path)


def resolve_key(queue_path: str, key: bytes | str | None = None) -> bytes:
    """`key`, else `$OCRCHECK_QUEUE_KEY`, else the key file next to the queue."""
    if key is None:
        key = os.environ.get(KEY_ENV) or None
    if key is None:
        try:
            return key_file(queue_path + ".key")
        except OSError as error:
            raise QueueError(f"cannot use key file {queue_path}.key: {error.strerror}") from None
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < MIN_KEY_BYTES:
        raise QueueError(f"the queue key must be at least {MIN_KEY_BYTES} bytes")
    return raw
