"""Draw located words on their image for a reviewer: each box, and its index beside it.

Pillow is an optional extra (`pip install ocrcheck[images]`) and is imported only when a picture
is asked for, so the rest of ocrcheck works without it. Boxes with a geometry finding are drawn
in a second colour, so a reviewer sees at once which ones the checks doubted.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .._exceptions import InputError
from .boxes import Word, WordsResult, normalise_words

BOX_COLOUR = (0, 90, 255)
DOUBTED_COLOUR = (255, 40, 0)
LABEL_TEXT = (255, 255, 255)
LINE_WIDTH = 2
LABEL_SIZE = 15
# The service refuses images over 15.68 megapixels (qwen-ocr.md), so no answer has boxes on a
# larger one; the cap also bounds the RGB copy drawn on (47 MB at the cap).
MAX_DRAW_PIXELS = 15_680_000


def _pillow() -> Any:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError as error:  # pragma: no cover - Pillow is installed with the test extra
        raise InputError("drawing boxes needs Pillow: pip install 'ocrcheck[images]'") from error
    return Image, ImageDraw, ImageFont


def draw_boxes(image: Any, words: WordsResult | Iterable[Word | Mapping[str, Any]], *,
               doubted: Iterable[int] = ()) -> bytes:
    """PNG bytes of `image` (bytes, a path, or a PIL image) with every word's box and index.

    `words` is a `WordsResult` (its geometry findings mark boxes as doubted), `Word`s, or the
    service's `words_info` entries. `doubted` adds indices to draw in the second colour. An
    image over MAX_DRAW_PIXELS (or one Pillow calls a decompression bomb) raises InputError
    before any pixel is decoded.
    """
    Image, ImageDraw, ImageFont = _pillow()
    picture = _open(Image, image)
    width, height = picture.size
    if width * height > MAX_DRAW_PIXELS:
        raise InputError(f"image is {width}×{height} ({width * height / 1e6:.1f} MP); boxes are drawn on images "
                         f"of at most {MAX_DRAW_PIXELS / 1e6:.2f} MP, the largest the service reads")
    picture = picture.convert("RGB")
    result = words if isinstance(words, WordsResult) else _as_result(words)
    marked = set(doubted) | {
        int(f.field[6:-1]) for f in result.findings if f.code == "geometry" and f.field.startswith("words[")
    }
    canvas = ImageDraw.Draw(picture)
    try:
        font = ImageFont.load_default(size=LABEL_SIZE)
    except TypeError:  # Pillow before 10.1, or without FreeType: the small bitmap font
        font = ImageFont.load_default()
    for word in result.words:
        if word.location is None:
            continue
        colour = DOUBTED_COLOUR if word.index in marked else BOX_COLOUR
        points = [(round(x), round(y)) for x, y in word.points]
        canvas.line([*points, points[0]], fill=colour, width=LINE_WIDTH, joint="curve")
        _label(canvas, font, str(word.index), points[0], colour)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _open(Image: Any, image: Any) -> Any:
    """The picture, opened lazily (only its header is read); a decompression bomb is refused."""
    if not isinstance(image, bytes | bytearray | str | Path):
        return image
    source = io.BytesIO(image) if isinstance(image, bytes | bytearray) else image
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 89 and 179 MP and raises above; both are refusals here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InputError(f"image refused as a decompression bomb: {error}") from None


def _as_result(words: Iterable[Word | Mapping[str, Any]]) -> WordsResult:
    items = list(words)
    if all(isinstance(w, Word) for w in items):
        return WordsResult(words=[w for w in items if isinstance(w, Word)])
    return normalise_words([w for w in items if isinstance(w, Mapping)])


def _label(canvas: Any, font: Any, text: str, corner: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """The index on a filled tag just above the box's first corner (inside the image)."""
    left, top, right, bottom = canvas.textbbox((0, 0), text, font=font)
    width, height = right - left + 4, bottom - top + 4
    x = max(0, corner[0])
    y = corner[1] - height - LINE_WIDTH
    if y < 0:  # no room above: put it to the left of the box instead
        x, y = max(0, corner[0] - width - LINE_WIDTH), max(0, corner[1])
    canvas.rectangle([x, y, x + width - 1, y + height - 1], fill=colour)
    canvas.text((x + 2 - left, y + 2 - top), text, fill=LABEL_TEXT, font=font)
