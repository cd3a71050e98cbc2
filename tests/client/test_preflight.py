"""Every documented image limit: a violation is an InputError naming the limit and the value,
and no request reaches the (real, loopback) server."""

from __future__ import annotations

import pytest

from ocrcheck import InputError
from ocrcheck.client import OcrClient, check_image
from ocrcheck.client._preflight import MB, data_url_length
from ocrcheck.testing import FakeQwenServer

from .conftest import KEY, make_image


def _pad(data: bytes, size: int) -> bytes:
    """A valid image grown to `size` bytes: PNG ignores data after IEND for decoding purposes."""
    return data + b"\x00" * (size - len(data))


CASES = [
    ("too narrow", make_image(10, 300), "10 px", "10×300"),
    ("too flat", make_image(300, 10), "10 px", "300×10"),
    ("aspect", make_image(4020, 20), "200:1", "201.0:1"),
    ("megapixels", make_image(4000, 4000, "JPEG"), "15.68 megapixels", "16.00"),
    ("4K bmp", make_image(3841, 1000, "BMP"), "only JPEG and PNG", "BMP 3841×1000"),
    ("4K webp", make_image(2200, 3000, "WEBP"), "only JPEG and PNG", "WEBP 2200×3000"),
    ("gif", make_image(100, 100, "GIF"), "format GIF is not supported", "GIF"),
    ("not an image", b"just some text, not an image", "not a recognised image format", "supported formats"),
]


@pytest.mark.parametrize(("label", "data", "limit", "value"), CASES, ids=[c[0] for c in CASES])
def test_limit_violations_send_nothing(server: FakeQwenServer, label: str, data: bytes, limit: str, value: str) -> None:
    with OcrClient(api_key=KEY, base_url=server.base_url) as client, pytest.raises(InputError) as caught:
        client.ocr(data, task="text_recognition")
    assert limit in str(caught.value)
    assert value in str(caught.value)
    assert server.requests == []


def test_file_size_depends_on_model() -> None:
    big = _pad(make_image(100, 100), 12 * MB)
    with pytest.raises(InputError, match=r"file size limit for qwen-vl-ocr is 10.00 MB, got 12.00 MB"):
        check_image(big, "qwen-vl-ocr", base64=False)
    assert check_image(big, "qwen3.5-ocr", base64=False).format == "PNG"  # 20 MB for qwen3.5-ocr
    with pytest.raises(InputError, match=r"base64 data URL limit is 10.00 MB, got 16.00 MB"):
        check_image(big, "qwen3.5-ocr")


def test_base64_boundary() -> None:
    # The largest raw size whose data URL still fits in 10 MB passes; one more 3-byte group fails.
    prefix = len("data:image/png;base64,")
    fits = (10 * MB - prefix) // 4 * 3
    assert data_url_length(fits, "image/png") <= 10 * MB < data_url_length(fits + 3, "image/png")
    check_image(_pad(make_image(100, 100), fits), "qwen3.5-ocr")
    with pytest.raises(InputError, match="base64"):
        check_image(_pad(make_image(100, 100), fits + 3), "qwen3.5-ocr")


def test_edges_that_pass() -> None:
    assert check_image(make_image(11, 11), "qwen3.5-ocr").width == 11
    assert check_image(make_image(2200, 11), "qwen3.5-ocr").width == 2200  # exactly 200:1
    assert check_image(make_image(2160, 3840, "WEBP"), "qwen3.5-ocr").format == "WEBP"  # 4K itself
    assert check_image(make_image(3959, 3960, "JPEG"), "qwen3.5-ocr").height == 3960  # 15,677,640 px


def test_damaged_header_is_refused(server: FakeQwenServer) -> None:
    with OcrClient(api_key=KEY, base_url=server.base_url) as client, pytest.raises(InputError, match="damaged"):
        client.ocr(make_image(fmt="JPEG")[:20], task="text_recognition")
    assert server.requests == []


def test_unreadable_path(tmp_path, server: FakeQwenServer) -> None:  # type: ignore[no-untyped-def]
    with OcrClient(api_key=KEY, base_url=server.base_url) as client, pytest.raises(InputError, match="cannot read"):
        client.ocr(tmp_path / "missing.png", task="text_recognition")


def test_urls_pass_through_unchecked(server: FakeQwenServer) -> None:
    url = "https://example.com/scan.jpg"
    with OcrClient(api_key=KEY, base_url=server.base_url) as client:
        client.ocr(url, task="text_recognition")
    assert server.requests[0].image_urls == [url]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"task": "no_such_task"}, "unknown task"),
        ({}, "give a task"),
        ({"task": "text_recognition", "result_schema": {"a": "b"}}, "only applies"),
        ({"task": "key_information_extraction", "result_schema": {"a": {"b": {"c": {"d": "x"}}}}}, "at most 3"),
        ({"task": "text_recognition", "max_pixels": 0}, "positive integer"),
        ({"task": "text_recognition", "extra": {"stream": True}}, "streaming"),
    ],
)
def test_bad_options_send_nothing(server: FakeQwenServer, png: bytes, options: dict, message: str) -> None:
    with OcrClient(api_key=KEY, base_url=server.base_url) as client, pytest.raises(InputError, match=message):
        client.ocr(png, **options)
    assert server.requests == []


def test_model_without_tasks(server: FakeQwenServer, png: bytes) -> None:
    with OcrClient(api_key=KEY, base_url=server.base_url, model="qwen-vl-ocr-2024-10-28") as client:
        with pytest.raises(InputError, match="no built-in tasks"):
            client.ocr(png, task="text_recognition")
        client.ocr(png, prompt="Read the text.")  # a free prompt still works
    assert len(server.requests) == 1
