"""The service's documented input limits, checked before any request is spent.

Source: the service document, 限制说明 → 图片限制, and the PDF section (50 pages, 100 MB).
A violation raises `InputError` naming the limit and the value; nothing is sent.
"""

from __future__ import annotations

from .._exceptions import InputError
from ._imageinfo import ImageInfo, image_info

MB = 1024 * 1024
MIN_SIDE = 10  # both sides must be *greater* than 10 px
MAX_ASPECT = 200
MAX_PIXELS = 15_680_000  # 1568 万像素
UNDER_4K = (3840, 2160)
FORMATS_UNDER_4K = frozenset({"BMP", "JPEG", "PNG", "TIFF", "WEBP", "HEIC"})
FORMATS_4K_TO_8K = frozenset({"JPEG", "PNG"})
MAX_BASE64 = 10 * MB
PDF_MAX_PAGES = 50
PDF_MAX_BYTES = 100 * MB


def max_file_bytes(model: str) -> int:
    """20 MB for qwen3.5-ocr, 10 MB for the other models."""
    return 20 * MB if model.startswith("qwen3.5-ocr") else 10 * MB


def data_url_length(n_bytes: int, mime: str) -> int:
    """Length of `data:<mime>;base64,<...>` for a file of n_bytes, without encoding it."""
    return len(f"data:{mime};base64,") + 4 * ((n_bytes + 2) // 3)


def _mb(n: int) -> str:
    return f"{n / MB:.2f} MB"


def is_under_4k(width: int, height: int) -> bool:
    """Fits inside 3840×2160 in either orientation (the document's 低于 4K)."""
    long_side, short_side = max(width, height), min(width, height)
    return long_side <= UNDER_4K[0] and short_side <= UNDER_4K[1]


def check_image(data: bytes, model: str, *, name: str = "image", base64: bool = True) -> ImageInfo:
    """Every documented limit for one image; returns its format and size when all hold."""
    info = image_info(data)
    if info is None or info.format == "PDF":
        what = "a PDF (pass it as a document)" if info else "not a recognised image format"
        raise InputError(f"{name}: {what}; supported formats: {', '.join(sorted(FORMATS_UNDER_4K))}")
    if info.format not in FORMATS_UNDER_4K:
        raise InputError(
            f"{name}: format {info.format} is not supported; supported: {', '.join(sorted(FORMATS_UNDER_4K))}"
        )
    if info.width is None or info.height is None:
        raise InputError(f"{name}: the {info.format} header is damaged; image size unreadable")
    width, height = info.width, info.height
    if width <= MIN_SIDE or height <= MIN_SIDE:
        raise InputError(f"{name}: width and height must exceed {MIN_SIDE} px, got {width}×{height}")
    aspect = max(width, height) / min(width, height)
    if aspect > MAX_ASPECT:
        raise InputError(f"{name}: aspect ratio must be at most {MAX_ASPECT}:1, got {aspect:.1f}:1 ({width}×{height})")
    if width * height > MAX_PIXELS:
        raise InputError(
            f"{name}: at most {MAX_PIXELS / 1e6:.2f} megapixels, got {width * height / 1e6:.2f} ({width}×{height})"
        )
    if not is_under_4k(width, height) and info.format not in FORMATS_4K_TO_8K:
        raise InputError(
            f"{name}: above 4K (3840×2160) only JPEG and PNG are accepted, got {info.format} {width}×{height}"
        )
    limit = max_file_bytes(model)
    if len(data) > limit:
        raise InputError(f"{name}: file size limit for {model} is {_mb(limit)}, got {_mb(len(data))}")
    if base64:
        encoded = data_url_length(len(data), info.mime)
        if encoded > MAX_BASE64:
            raise InputError(
                f"{name}: base64 data URL limit is {_mb(MAX_BASE64)}, got {_mb(encoded)} "
                f"(file {_mb(len(data))}; pass a public URL for files over about 7 MB)"
            )
    return info


def check_pdf(data: bytes, pages: int, *, name: str = "document") -> None:
    """The Responses API's PDF limits: at most 50 pages and 100 MB."""
    if len(data) > PDF_MAX_BYTES:
        raise InputError(f"{name}: PDF size limit is {_mb(PDF_MAX_BYTES)}, got {_mb(len(data))}")
    if pages > PDF_MAX_PAGES:
        raise InputError(f"{name}: PDF page limit is {PDF_MAX_PAGES}, got {pages}")
    if pages == 0:
        raise InputError(f"{name}: the PDF has no pages")
