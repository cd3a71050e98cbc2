"""The document's picture for the desk: the image the entry names (or one found in `--images`),
with every located text line drawn and the boxes of failing fields in the second colour.

Located words come from the raw answer (`words_info` of the located-text tasks) through the boxes
normaliser, which also checks their geometry; a word is a failing field's box when its text holds
the field's value as written. Pictures are bounded (file size, and Pillow's decompression-bomb
limit) and any that cannot be drawn is an `ImageError`, never a crash of the desk.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .._exceptions import InputError
from ..normalise.boxes import normalise_words
from ..normalise.draw import draw_boxes
from ._model import EntryView, as_dict

MAX_IMAGE_BYTES = 20 * 1024 * 1024
SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff")
_SPACE = re.compile(r"\s+")


class ImageError(InputError):
    """No picture for this entry, or one that cannot be drawn."""


def image_path(view: EntryView, images: Path | None) -> Path | None:
    named = view.entry.get("image")
    if isinstance(named, str) and named and Path(named).is_file():
        return Path(named)
    source = view.entry.get("source")
    if images is None or not isinstance(source, str) or not source:
        return None
    name = Path(source).name
    candidates = [images / name] + [images / (Path(name).stem.split(".")[0] + s) for s in SUFFIXES]
    return next((c for c in candidates if c.suffix.lower() in SUFFIXES and c.is_file()), None)


def failing_words(view: EntryView, words: list[Any]) -> set[int]:
    values = []
    fields = as_dict(view.entry.get("fields"))
    for f in view.findings:
        if f.get("severity", "error") != "error":
            continue
        for candidate in (f.get("value"), fields.get(str(f.get("field")))):
            if isinstance(candidate, str | int) and len(_SPACE.sub("", str(candidate))) >= 2:
                values.append(_SPACE.sub("", str(candidate)))
    return {w.index for w in words if any(v in _SPACE.sub("", w.text) for v in values)}


def document_png(view: EntryView, images: Path | None) -> bytes:
    path = image_path(view, images)
    if path is None:
        raise ImageError("no image for this document")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise ImageError("image too large to show")
    data = path.read_bytes()
    raw = view.entry.get("raw")
    try:
        located = normalise_words(raw) if raw is not None else None
    except (InputError, ValueError, TypeError):
        located = None
    words = located.words if located is not None else []
    try:
        return draw_boxes(data, located or [], doubted=failing_words(view, words))
    except InputError:
        raise
    except Exception as error:  # Pillow raises many types (bombs, truncation, unknown formats)
        raise ImageError(f"cannot draw this image: {type(error).__name__}") from None
