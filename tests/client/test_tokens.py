"""Token estimates: the document's smart_resize procedure, checked against the image_tokens the
document's own example answers report for images whose size is in their URL."""

from __future__ import annotations

import pytest

from ocrcheck.client import estimate_tokens, smart_resize, tokens_for_size

from .conftest import make_image, make_pdf


def test_document_multi_lan_example() -> None:
    # multi_lan example: image "...-tps-6000-3000.png", answer usage.image_tokens = 8194.
    assert smart_resize(3000, 6000) == (2048, 4096)
    assert tokens_for_size(6000, 3000, "qwen3.5-ocr") == 8194


def test_document_parsing_example_matches_a_28px_model() -> None:
    # document_parsing example: image "...-tps-1500-1734.jpg", usage.image_tokens = 3350.
    # That figure is what the 28 px (784-pixel token) procedure gives; 32 px would give 2540.
    assert smart_resize(1734, 1500, factor=28) == (1736, 1512)
    assert tokens_for_size(1500, 1734, "qwen-vl-ocr-2025-08-28") == 3350
    assert tokens_for_size(1500, 1734, "qwen3.5-ocr") == 2540


@pytest.mark.parametrize(
    ("width", "height", "model", "tokens"),
    [
        (689, 487, "qwen3.5-ocr", 332),  # the quick-start train ticket
        (640, 480, "qwen3.5-ocr", 302),
        (1654, 2339, "qwen3.5-ocr", 3798),  # an A4 page at 200 dpi
        (11, 11, "qwen3.5-ocr", 6),  # below min_pixels: scaled up to 64×64
        (3960, 3960, "qwen3.5-ocr", 8102),  # 15.68 MP: scaled down under max_pixels
        (640, 480, "qwen-vl-ocr-2025-04-13", 393)  # 476×644 / 784,
    ],
)
def test_sizes(width: int, height: int, model: str, tokens: int) -> None:
    assert tokens_for_size(width, height, model) == tokens


def test_min_and_max_pixels_change_the_estimate() -> None:
    assert tokens_for_size(1654, 2339, max_pixels=1024 * 1024) == 990  # 1216×832
    assert tokens_for_size(100, 100, min_pixels=512 * 512) == 258


def test_estimate_from_bytes_path_and_pdf(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = make_image(689, 487, "JPEG")
    path = tmp_path / "ticket.jpg"
    path.write_bytes(data)
    assert estimate_tokens(data) == estimate_tokens(path) == estimate_tokens((689, 487)) == 332
    assert estimate_tokens(make_pdf(pages=2)) == 2 * tokens_for_size(1653, 2339)
