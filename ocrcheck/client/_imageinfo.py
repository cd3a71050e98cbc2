"""Format and pixel size of an image, read from its header bytes (no Pillow needed).

Each reader follows the format's own specification: PNG (IHDR chunk, ISO/IEC 15948), JPEG (the
SOFn segment, ITU T.81), GIF (logical screen descriptor), BMP (BITMAPINFOHEADER or the OS/2
BITMAPCOREHEADER), WEBP (VP8, VP8L and VP8X chunks, RFC 9649), TIFF (tags 256/257 of the first
IFD), HEIC (the `ispe` property of ISO/IEC 23008-12). PDF is recognised by `%PDF-`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MIME_TYPES = {
    "BMP": "image/bmp",
    "GIF": "image/gif",
    "HEIC": "image/heic",
    "JPEG": "image/jpeg",
    "PDF": "application/pdf",
    "PNG": "image/png",
    "TIFF": "image/tiff",
    "WEBP": "image/webp",
}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
# SOF markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int | None = None
    height: int | None = None

    @property
    def mime(self) -> str:
        return MIME_TYPES[self.format]


def sniff_format(data: bytes) -> str | None:
    """The format named by the file's magic bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data.startswith(b"BM") and len(data) >= 26:
        return "BMP"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIC"
    if data.startswith(b"%PDF-"):
        return "PDF"
    return None


def _png(data: bytes) -> tuple[int, int] | None:
    if data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def _jpeg(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte before a marker
            i += 1
            continue
        if marker in (0x01, *range(0xD0, 0xDA)):  # standalone markers have no length
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def _gif(data: bytes) -> tuple[int, int] | None:
    return struct.unpack("<HH", data[6:10]) if len(data) >= 10 else None


def _bmp(data: bytes) -> tuple[int, int] | None:
    (header_size,) = struct.unpack("<I", data[14:18])
    if header_size == 12:
        return struct.unpack("<HH", data[18:22])
    width, height = struct.unpack("<ii", data[18:26])
    return abs(width), abs(height)  # negative height means a top-down bitmap


def _webp(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20:21] == b"\x2f":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    return None


def _tiff(data: bytes) -> tuple[int, int] | None:
    order = "<" if data[:2] == b"II" else ">"
    try:
        (offset,) = struct.unpack(order + "I", data[4:8])
        (count,) = struct.unpack(order + "H", data[offset : offset + 2])
        found: dict[int, int] = {}
        for n in range(count):
            entry = data[offset + 2 + 12 * n : offset + 14 + 12 * n]
            tag, kind = struct.unpack(order + "HH", entry[:4])
            if tag in (256, 257):
                fmt = "H" if kind == 3 else "I"
                found[tag] = struct.unpack(order + fmt, entry[8 : 8 + struct.calcsize(fmt)])[0]
    except struct.error:
        return None
    if 256 in found and 257 in found:
        return found[256], found[257]
    return None


def _heic(data: bytes) -> tuple[int, int] | None:
    at = data.find(b"ispe", 0, 1 << 16)
    if at < 0 or at + 16 > len(data):
        return None
    return struct.unpack(">II", data[at + 8 : at + 16])


_READERS = {"PNG": _png, "JPEG": _jpeg, "GIF": _gif, "BMP": _bmp, "WEBP": _webp, "TIFF": _tiff, "HEIC": _heic}


def image_info(data: bytes) -> ImageInfo | None:
    """Format and size from the header; size None when the header is damaged; None if unknown."""
    kind = sniff_format(data)
    if kind is None:
        return None
    reader = _READERS.get(kind)
    size = None
    if reader is not None:
        try:
            size = reader(data)
        except struct.error:
            size = None
    if size is None:
        return ImageInfo(kind)
    return ImageInfo(kind, int(size[0]), int(size[1]))
