"""Image token estimate: the service document's `smart_resize` procedure and token formula.

tokens = (h_bar × w_bar) / token_pixels + 2, where h_bar and w_bar are the image resized to
multiples of 32 px (28 px for the older models) within [min_pixels, max_pixels], and
token_pixels is 32×32 for qwen3.5-ocr, qwen-vl-ocr, qwen-vl-ocr-latest and qwen-vl-ocr-2025-11-20,
28×28 for every other model. The two extra tokens are <|vision_bos|> and <|vision_eos|>.
The document calls this an approximation; billing follows the `usage` the service returns.
"""

from __future__ import annotations

import math
from pathlib import Path

# The values the document's own example passes: min_pixels=32*32*3, max_pixels=8192*32*32.
DEFAULT_MIN_PIXELS = 32 * 32 * 3
DEFAULT_MAX_PIXELS = 8192 * 32 * 32
_PATCH_32 = frozenset({"qwen3.5-ocr", "qwen-vl-ocr", "qwen-vl-ocr-latest", "qwen-vl-ocr-2025-11-20"})
_PATCH_28 = frozenset({"qwen-vl-ocr-2025-08-28", "qwen-vl-ocr-2025-04-13", "qwen-vl-ocr-2024-10-28"})


def patch_size(model: str) -> int:
    """32 for the new models, 28 for the older ones; unknown (self-hosted) models count as new."""
    if model in _PATCH_28:
        return 28
    return 32


def smart_resize(
    height: int,
    width: int,
    *,
    factor: int = 32,
    min_pixels: int = DEFAULT_MIN_PIXELS,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> tuple[int, int]:
    """(h_bar, w_bar): the document's procedure, step for step (its code uses `factor` = 32 or 28)."""
    h_bar = round(height / factor) * factor
    w_bar = round(width / factor) * factor
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt((height * width) / max_pixels)
        h_bar = math.floor(height / beta / factor) * factor
        w_bar = math.floor(width / beta / factor) * factor
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return h_bar, w_bar


def tokens_for_size(
    width: int,
    height: int,
    model: str = "qwen3.5-ocr",
    min_pixels: int | None = None,
    max_pixels: int | None = None,
) -> int:
    from .._exceptions import InputError

    # smart_resize divides by the pixel count and by max_pixels: zero or less has no estimate.
    for what, value in (("width", width), ("height", height), ("min_pixels", min_pixels), ("max_pixels", max_pixels)):
        if value is not None and value < 1:
            raise InputError(f"{what} must be at least 1, got {value}")
    factor = patch_size(model)
    h_bar, w_bar = smart_resize(
        height,
        width,
        factor=factor,
        min_pixels=DEFAULT_MIN_PIXELS if min_pixels is None else min_pixels,
        max_pixels=DEFAULT_MAX_PIXELS if max_pixels is None else max_pixels,
    )
    return int((h_bar * w_bar) / (factor * factor)) + 2


def estimate_tokens(
    image: str | Path | bytes | tuple[int, int],
    model: str = "qwen3.5-ocr",
    min_pixels: int | None = None,
    max_pixels: int | None = None,
) -> int:
    """Image tokens for a path, bytes or a (width, height) pair; a PDF counts every page as
    `ocr_document` would render it. URLs are never fetched, so they cannot be estimated."""
    if isinstance(image, tuple):
        return tokens_for_size(image[0], image[1], model, min_pixels, max_pixels)
    from .._exceptions import InputError
    from ._inputs import ImageInput, is_url, load_source, pdf_page_sizes

    if is_url(image):
        raise InputError(f"{image!s}: a URL cannot be estimated (ocrcheck never fetches URLs)")
    loaded = load_source(image)
    if not isinstance(loaded, ImageInput):
        return sum(tokens_for_size(w, h, model, min_pixels, max_pixels) for w, h in pdf_page_sizes(loaded))
    info = loaded.info
    if info is None or info.width is None or info.height is None:
        raise InputError(f"{loaded.name}: not an image whose size can be read")
    return tokens_for_size(info.width, info.height, model, min_pixels, max_pixels)
