"""Pull the markup (HTML, LaTeX, located words) out of a raw service answer.

The service answers in three wire formats (qwen-ocr.md): DashScope native
(`output.choices[0].message.content[0].text`, with `ocr_result.words_info` beside it),
OpenAI-compatible chat (`choices[0].message.content`), and the Responses API
(`output[*].content[*].text`). A user may also hand us the bare markup. Whatever the shape, the
normalisers need the same three things: the text, the `finish_reason` (a cut answer says
`"length"`, and lxml would otherwise close the cut table silently), and any located words.
The envelopes and the fence grammar are read by `ocrcheck.wire`, as for the parser and client.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..wire import read_envelope, unfence


@dataclass
class Markup:
    """What a raw answer holds for the markup normalisers."""

    text: str
    finish_reason: str | None = None
    words: list[Any] | None = None
    wire_format: str = "bare"
    fenced: bool = False
    fence_closed: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    incomplete: bool = False  # the Responses API said `status: "incomplete"`

    @property
    def cut(self) -> bool:
        """The service says it stopped early, or a fence was opened and never closed."""
        return self.finish_reason == "length" or self.incomplete or not self.fence_closed


def strip_fences(text: str) -> tuple[str, bool, bool]:
    """(body, fenced, fence closed): the body of the first Markdown fence, or the text itself."""
    found = unfence(text)
    return found.body, found.fenced, found.closed


def nfc(text: str) -> str:
    """Stored text is NFC: canonical composition only, so `m²` stays `m²` (NFKC is for keys)."""
    return unicodedata.normalize("NFC", text)


def _from_mapping(answer: Mapping[str, Any]) -> Markup | None:
    envelope = read_envelope(answer)
    if envelope is not None:  # a part of the wrong type reads as absent: no markup there
        result = envelope.ocr_result
        words = result["words_info"] if result is not None and "words_info" in result else None
        return Markup(envelope.text, envelope.finish_reason, words, envelope.wire_format,
                      incomplete=envelope.incomplete)
    # A user's own shapes, not the service's: located words, or text with a finish_reason.
    if "words_info" in answer:
        return Markup("", None, answer["words_info"], "words")
    if isinstance(answer.get("text"), str):
        reason = answer.get("finish_reason")
        return Markup(answer["text"], reason if isinstance(reason, str) else None, None, "text")
    return None


def markup_from_answer(answer: str | bytes | Mapping[str, Any] | list[Any]) -> Markup:
    """The markup of a raw answer: a parsed JSON object, its JSON text, or the bare markup.

    Never raises: an answer whose shape we do not know comes back as bare text, and the
    normaliser then reports that it found no markup in it.
    """
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", errors="replace")
    found: Markup | None = None
    if isinstance(answer, str):
        stripped = answer.lstrip("\ufeff").strip()
        answer = stripped
        if stripped[:1] in ("{", "["):
            try:
                decoded = json.loads(stripped)
            except (ValueError, RecursionError):
                decoded = None
            # `[1, 2]` is a formula, not a list of words: only objects make words.
            if isinstance(decoded, Mapping) or (
                isinstance(decoded, list) and decoded and all(isinstance(w, Mapping) for w in decoded)
            ):
                answer = decoded
    if isinstance(answer, Mapping):
        found = _from_mapping(answer)
    elif isinstance(answer, list):
        found = Markup("", None, answer, "words")
    if found is None:
        found = Markup(answer if isinstance(answer, str) else "", None, None, "bare")
    body, fenced, closed = strip_fences(found.text)
    found.text = nfc(body)
    found.fenced = fenced
    found.fence_closed = closed
    return found
