"""Shared fixtures: sample images are generated here, at test time, with Pillow (a test extra)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from ocrcheck.testing import FakeQwenServer

KEY = "sk-test-0123456789abcdef"


def make_image(width: int = 640, height: int = 480, fmt: str = "PNG", **save: object) -> bytes:
    """A small document-like image: white page, a dark band where a line of text would be."""
    from PIL import Image, ImageDraw

    mode = "RGB" if fmt in ("JPEG", "BMP", "PNG", "TIFF") else "RGBA"
    image = Image.new(mode, (width, height), "white")
    ImageDraw.Draw(image).rectangle((width // 10, height // 3, width * 9 // 10, height // 2), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def make_pdf(pages: int = 2, size: tuple[float, float] = (595, 842)) -> bytes:
    """A PDF of blank A4 pages (points), made with pypdfium2."""
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(*size)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


@pytest.fixture
def server() -> Iterator[FakeQwenServer]:
    with FakeQwenServer(api_key=KEY) as fake:
        yield fake


@pytest.fixture
def png() -> bytes:
    return make_image()
