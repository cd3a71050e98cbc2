"""`ocrcheck boxes RESPONSE [IMAGE] [-o out.png] [--format text|json]`: check located words.

RESPONSE is an `advanced_recognition` answer (or a bare `words_info` list); `-` reads standard
input. With IMAGE the corners are checked against its size, and `-o` writes the image with every
box and its index drawn for a reviewer (Pillow, the `images` extra). The text in reading order
goes to standard output, findings to standard error. Exit status: 0 clean, 1 findings, 2 could
not run (unreadable file, image Pillow cannot open, Pillow missing).
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

from .._exceptions import InputError, OcrcheckError
from ..normalise import draw_boxes, normalise_words
from .table import exit_status, read_source, report


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("boxes", help="check the located words of an advanced_recognition answer")
    parser.add_argument("response", metavar="RESPONSE", help="a service answer or words_info list; - reads stdin")
    parser.add_argument("image", metavar="IMAGE", nargs="?", help="the image the answer is about")
    parser.add_argument("-o", "--output", metavar="PNG", help="write IMAGE with the boxes drawn on it")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def _image(path: str) -> tuple[bytes, tuple[int, int]]:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise OcrcheckError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        import io

        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise InputError("reading images needs Pillow: pip install 'ocrcheck[images]'") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                return data, picture.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InputError(f"{path} refused as a decompression bomb: {error}") from None
    except (UnidentifiedImageError, OSError) as error:
        raise InputError(f"{path} is not an image Pillow can read: {error}") from None


def run(args: Any) -> int:
    if args.output and not args.image:
        raise InputError("-o needs IMAGE: the boxes are drawn on it")
    source, text = read_source(args.response)
    try:
        answer: Any = json.loads(text)
    except ValueError:
        answer = text
    image, size = _image(args.image) if args.image else (None, None)
    result = normalise_words(answer, image_size=size)
    if args.output and image is not None:
        try:
            Path(args.output).write_bytes(draw_boxes(image, result))
        except OSError as error:
            raise OcrcheckError(f"cannot write {args.output}: {error.strerror or error}") from None
    if args.format == "json":
        sys.stdout.write(json.dumps({"source": source, **result.to_dict()}, ensure_ascii=False) + "\n")
    else:
        if result.text:
            sys.stdout.write(result.text + "\n")
        report(source, result.findings)
    return exit_status(result.findings)
