"""Pull the markup (HTML, LaTeX, located words) out of a raw service answer.

The service answers in three wire formats (qwen-ocr.md): DashScope native
(`output.choices[0].message.content[0].text`, with `ocr_result.words_info` beside it),
OpenAI-compatible chat (`choices[0].message.content`), and the Responses API
(`output[*].content[*].text`). A user may also hand us the bare markup. Whatever the shape, the
normalisers need the same three things: the text, the `finish_reason` (a cut answer says
`"length"`, and lxml would otherwise close the cut table silently), and any located words.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# An opening fence with an optional language tag; the closing fence may be missing when the
# answer was cut, so the body runs to the end of the text then.
_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\r?\n?(.*?)(?:\r?\n?```|\Z)", re.DOTALL)


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

    @property
    def cut(self) -> bool:
        """The service says it stopped at `max_tokens`, or a fence was opened and never closed."""
        return self.finish_reason == "length" or not self.fence_closed


def strip_fences(text: str) -> tuple[str, bool, bool]:
    """(body, fenced, fence closed): the body of the first Markdown fence, or the text itself."""
    match = _FENCE.search(text)
    if not match:
        return text.strip(), False, True
    closed = text.count("```") >= 2
    return match.group(2).strip(), True, closed


def nfc(text: str) -> str:
    """Stored text is NFC: canonical composition only, so `m²` stays `m²` (NFKC is for keys)."""
    return unicodedata.normalize("NFC", text)


def _content_text(content: Any) -> tuple[str, Any]:
    """Text and located words of a message content (a string, or a list of content items)."""
    if isinstance(content, str):
        return content, None
    texts: list[str] = []
    words: Any = None
    if isinstance(content, list):
        for item in content:
            if not isinstance(item, Mapping):
                continue
            if isinstance(item.get("text"), str):
                texts.append(item["text"])
            ocr = item.get("ocr_result")
            if words is None and isinstance(ocr, Mapping) and "words_info" in ocr:
                words = ocr["words_info"]
    return "\n".join(texts), words


def _from_mapping(answer: Mapping[str, Any]) -> Markup | None:
    output = answer.get("output")
    if isinstance(output, Mapping) and isinstance(output.get("choices"), list):
        choice = output["choices"][0] if output["choices"] else {}
        choice = choice if isinstance(choice, Mapping) else {}
        message = choice.get("message")
        message = message if isinstance(message, Mapping) else {}
        text, words = _content_text(message.get("content"))
        return Markup(text, choice.get("finish_reason"), words, "dashscope")
    if isinstance(answer.get("choices"), list):
        choice = answer["choices"][0] if answer["choices"] else {}
        choice = choice if isinstance(choice, Mapping) else {}
        message = choice.get("message")
        message = message if isinstance(message, Mapping) else {}
        text, words = _content_text(message.get("content"))
        return Markup(text, choice.get("finish_reason"), words, "compatible")
    if isinstance(output, list):  # Responses API
        texts: list[str] = []
        words = None
        for item in output:
            if isinstance(item, Mapping):
                text, found = _content_text(item.get("content"))
                texts.append(text)
                words = words if words is not None else found
        status = answer.get("status")
        details = answer.get("incomplete_details")
        reason = None
        if status == "incomplete":
            reason = "length"
            if isinstance(details, Mapping) and details.get("reason") not in (None, "max_output_tokens"):
                reason = str(details.get("reason"))
        return Markup("\n".join(t for t in texts if t), reason, words, "responses")
    if "words_info" in answer:
        return Markup("", None, answer["words_info"], "words")
    if isinstance(answer.get("text"), str):
        return Markup(answer["text"], answer.get("finish_reason"), None, "text")
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
