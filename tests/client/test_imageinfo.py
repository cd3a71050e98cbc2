"""Header parsing: the size we read must be the size Pillow wrote, for every format."""

from __future__ import annotations

import struct

import pytest

from ocrcheck.client import image_info

from .conftest import make_image


@pytest.mark.parametrize(
    ("fmt", "save"),
    [
        ("PNG", {}),
        ("JPEG", {}),
        ("JPEG", {"progressive": True}),
        ("GIF", {}),
        ("BMP", {}),
        ("TIFF", {}),
        ("WEBP", {"lossless": False}),
        ("WEBP", {"lossless": True}),
    ],
)
@pytest.mark.parametrize(("width", "height"), [(640, 480), (33, 1201), (3001, 17)])
def test_size_from_header(fmt: str, save: dict[str, object], width: int, height: int) -> None:
    info = image_info(make_image(width, height, fmt, **save))
    assert info is not None
    assert (info.format, info.width, info.height) == (fmt, width, height)


def test_webp_extended_header() -> None:
    # VP8X: an image with alpha and EXIF-capable layout; Pillow writes it for RGBA + exif.
    import io

    from PIL import Image

    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", exif=Image.Exif().tobytes())
    data = buffer.getvalue()
    assert data[12:16] == b"VP8X"
    info = image_info(data)
    assert info is not None and (info.width, info.height) == (300, 200)


def test_heic_ispe_box() -> None:
    ftyp = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic"
    ispe = struct.pack(">I", 20) + b"ispe" + b"\x00\x00\x00\x00" + struct.pack(">II", 4032, 3024)
    info = image_info(ftyp + b"\x00" * 40 + ispe)
    assert info is not None and (info.format, info.width, info.height, info.mime) == ("HEIC", 4032, 3024, "image/heic")


def test_unknown_and_damaged() -> None:
    assert image_info(b"hello world, not an image") is None
    truncated = make_image(fmt="JPEG")[:20]  # SOI and part of APP0, no frame header
    info = image_info(truncated)
    assert info is not None and info.format == "JPEG" and info.width is None
    assert image_info(b"%PDF-1.7\n").format == "PDF"  # type: ignore[union-attr]
