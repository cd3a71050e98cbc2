"""Sources → what goes into a request: a local path or bytes become a base64 data URL with the
right MIME type, an http(s) URL passes through untouched (never fetched by us), a PDF becomes
page images (pypdfium2, encoded as PNG here so Pillow stays optional) or one `input_file`.
"""

from __future__ import annotations

import base64
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from .._exceptions import InputError
from ._imageinfo import ImageInfo, image_info, sniff_format
from ._preflight import MAX_PIXELS

Source = str | Path | bytes | bytearray
PDF_DPI = 200  # enough for small print; an A4 page becomes 1654×2339 px (3.9 MP)
# A page is rendered at PDF_DPI unless that would exceed what the service accepts (MAX_PIXELS):
# then at the largest scale that fits. A 14400 pt (200 inch, the PDF maximum) square page at
# 200 dpi is 40000×40000 px, 4.8 GB of RGB, and ended the batch with MemoryError/PdfiumError.


@dataclass(frozen=True)
class ImageInput:
    """One image ready to send: either a URL passed through, or bytes to encode."""

    name: str
    url: str | None = None
    data: bytes | None = None
    info: ImageInfo | None = None
    page: int | None = None

    def data_url(self) -> str:
        if self.url is not None:
            return self.url
        assert self.data is not None and self.info is not None  # built that way by load_source
        return f"data:{self.info.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class PdfInput:
    name: str
    url: str | None = None
    data: bytes | None = None

    def data_url(self) -> str:
        if self.url is not None:
            return self.url
        assert self.data is not None
        return "data:application/pdf;base64," + base64.b64encode(self.data).decode("ascii")


def is_url(source: object) -> bool:
    return isinstance(source, str) and source.startswith(("http://", "https://"))


def load_source(source: Source) -> ImageInput | PdfInput:
    """Read a path or take bytes; URLs are kept as they are (a `.pdf` URL is a document)."""
    if isinstance(source, str) and is_url(source):
        if source.lower().split("?", 1)[0].endswith(".pdf"):
            return PdfInput(name=source, url=source)
        return ImageInput(name=source, url=source)
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), "<bytes>"
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
        name = str(path)
    kind = sniff_format(data)
    if kind == "PDF":
        return PdfInput(name=name, data=data)
    # Images are checked in full (preflight) by the client; here only the format is named.
    return ImageInput(name=name, data=data, info=image_info(data))


def _png_rgb(width: int, height: int, stride: int, pixels: bytes) -> bytes:
    """A minimal PNG (8-bit RGB, filter 0 per row) so page images need no imaging library."""
    row_bytes = width * 3
    raw = b"".join(b"\x00" + pixels[y * stride : y * stride + row_bytes] for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def _open_pdf(pdf: PdfInput):  # type: ignore[no-untyped-def]
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(pdf.data)
    except (pypdfium2.PdfiumError, MemoryError) as error:
        raise InputError(f"{pdf.name}: not a readable PDF ({type(error).__name__}: {error})") from None


def pdf_page_count(pdf: PdfInput) -> int:
    document = _open_pdf(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_scale(width_pt: float, height_pt: float, dpi: int = PDF_DPI) -> float:
    """Pixels per point for a page: `dpi / 72`, lowered so the image stays within MAX_PIXELS."""
    scale = dpi / 72
    area = width_pt * height_pt
    if not area > 0 or area != area or area == float("inf"):
        raise InputError(f"page size {width_pt}×{height_pt} pt is not a page")
    if area * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / area) ** 0.5 * 0.999  # rounding up must not push it over
    return scale


def _page_size(document, index: int, name: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    try:
        width, height = document.get_page_size(index)
    except Exception as error:  # pdfium's own error classes vary by version
        raise InputError(f"{name}: page {index + 1} has no readable size ({type(error).__name__})") from None
    return float(width), float(height)


def pdf_page_sizes(pdf: PdfInput, dpi: int = PDF_DPI) -> list[tuple[int, int]]:
    """(width, height) in pixels of each page as `pdf_pages` would render it, without rendering."""
    document = _open_pdf(pdf)
    try:
        sizes = []
        for index in range(len(document)):
            width, height = _page_size(document, index, pdf.name)
            try:
                scale = render_scale(width, height, dpi)
            except InputError as error:
                raise InputError(f"{pdf.name}: page {index + 1}: {error}") from None
            sizes.append((round(width * scale), round(height * scale)))
        return sizes
    finally:
        document.close()


def pdf_pages(pdf: PdfInput, dpi: int = PDF_DPI) -> list[ImageInput]:
    """Each page rendered to a PNG image, numbered from 1. A page that cannot be rendered is an
    `InputError` naming it (that document's error, never the end of a batch)."""
    import pypdfium2

    document = _open_pdf(pdf)
    pages = []
    try:
        for index in range(len(document)):
            width, height = _page_size(document, index, pdf.name)
            try:
                scale = render_scale(width, height, dpi)
                page = document[index]
                try:
                    bitmap = page.render(scale=scale, rev_byteorder=True)
                    pixels = bytes(bitmap.buffer)
                finally:
                    page.close()
            except InputError as error:
                raise InputError(f"{pdf.name}: page {index + 1}: {error}") from None
            except (pypdfium2.PdfiumError, MemoryError, ValueError) as error:
                raise InputError(
                    f"{pdf.name}: page {index + 1} cannot be rendered ({type(error).__name__}: {error})"
                ) from None
            if bitmap.n_channels != 3:
                raise InputError(f"{pdf.name}: page {index + 1} rendered as {bitmap.mode}, expected RGB")
            png = _png_rgb(bitmap.width, bitmap.height, bitmap.stride, pixels)
            name = f"{pdf.name}#page={index + 1}"
            pages.append(ImageInput(name=name, data=png, info=image_info(png), page=index + 1))
    finally:
        document.close()
    return pages
