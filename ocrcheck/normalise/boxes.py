"""Located text from `advanced_recognition` answers: `words_info` geometry and reading order.

Each entry is `{"text", "location": [x1, y1, …, x4, y4], "rotate_rect": [cx, cy, w, h, angle]}`.
The service documents `location` as the four corners in original-image pixels, "fixed order
top-left, top-right, bottom-right, bottom-left", and `rotate_rect`'s angle as the rotation from
the horizontal, in [-90, 90]. Its own example pairs a 198 × 49 horizontal line with
`rotate_rect` `[150, 80, 49, 197, -89]`: width and height swapped and the angle near -90, the
OpenCV `minAreaRect` convention. So a rectangle agrees with its quad when it matches either as
(w, h, θ) or as (h, w, θ ± 90), angles compared modulo 180°.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._messages import finding
from .._models import Finding
from ._markup import markup_from_answer

EDGE_TOLERANCE = 2.0  # px a corner may stray outside the image (rounding of resized coordinates)
CENTRE_TOLERANCE = 4.0  # px, or 10 % of the short side when larger
SIZE_TOLERANCE = 4.0  # px, or 10 % of the side when larger
ANGLE_TOLERANCE = 5.0  # degrees
# The service refuses images over 15.68 MP and aspect ratios over 200:1 (qwen-ocr.md), so no side
# exceeds about 56,000 px; a coordinate beyond a million pixels is garbage, not geometry.
MAX_COORDINATE = 1_000_000
Point = tuple[float, float]


@dataclass
class Word:
    index: int
    text: str
    location: tuple[float, ...] | None = None
    rotate_rect: tuple[float, ...] | None = None

    @property
    def points(self) -> list[Point]:
        loc = self.location or ()
        return [(loc[i], loc[i + 1]) for i in range(0, len(loc), 2)]

    @property
    def centre(self) -> Point:
        pts = self.points
        return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)

    def size(self) -> tuple[float, float, float]:
        """(width along p0→p1, height along p1→p2, angle of p0→p1 in degrees, y down)."""
        p = self.points
        width = (_dist(p[0], p[1]) + _dist(p[3], p[2])) / 2
        height = (_dist(p[1], p[2]) + _dist(p[0], p[3])) / 2
        angle = math.degrees(math.atan2(p[1][1] - p[0][1], p[1][0] - p[0][0]))
        return width, height, angle


@dataclass
class WordsResult:
    words: list[Word] = field(default_factory=list)
    lines: list[list[int]] = field(default_factory=list)  # word indices, line by line, reading order
    findings: list[Finding] = field(default_factory=list)
    image_size: tuple[int, int] | None = None

    @property
    def order(self) -> list[int]:
        return [i for line in self.lines for i in line]

    @property
    def text(self) -> str:
        return "\n".join(" ".join(self.words[i].text for i in line) for line in self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": [{"index": w.index, "text": w.text, "location": list(w.location or ()),
                       "rotate_rect": list(w.rotate_rect) if w.rotate_rect else None} for w in self.words],
            "lines": self.lines, "order": self.order, "text": self.text,
            "image_size": list(self.image_size) if self.image_size else None,
            "findings": [f.model_dump(exclude_none=True) for f in self.findings],
        }


def normalise_words(answer: Any, *, image_size: tuple[int, int] | None = None) -> WordsResult:
    """Parse `words_info` from a raw answer (or the list itself), check geometry, order lines."""
    words_info = answer if _is_word_list(answer) else markup_from_answer(answer).words
    result = WordsResult(image_size=image_size)
    if not isinstance(words_info, list) or not words_info:
        result.findings.append(finding("words", "unparseable", "no_words"))
        return result
    for index, item in enumerate(words_info):
        word, problems = _read_word(index, item)
        result.words.append(word)
        if not problems:
            problems = check_word(word, image_size)
        result.findings.extend(
            finding(f"words[{index}]", "geometry", variant, severity=severity, value=word.text or None, **ctx)
            for severity, variant, ctx in problems
        )
    result.lines = reading_order(result.words)
    return result


def _is_word_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def _numbers(value: Any, count: int) -> tuple[float, ...] | None:
    """`count` finite numbers within ±MAX_COORDINATE, as floats; None otherwise.

    The bound comes before `float()`: a JSON integer of 400 digits is a valid Python int that
    `float()` refuses with OverflowError, and 1e300 corners would overflow the area to inf."""
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != count:
        return None
    out: list[float] = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float) or not -MAX_COORDINATE <= v <= MAX_COORDINATE:
            return None  # NaN fails the comparison too
        out.append(float(v))
    return tuple(out)


# (severity, variant of a `geometry` finding, its ctx)
BoxProblem = tuple[str, str, dict[str, Any]]


def _read_word(index: int, item: Any) -> tuple[Word, list[BoxProblem]]:
    if not isinstance(item, Mapping):
        return Word(index, ""), [("error", "not_object", {})]
    text = item.get("text")
    word = Word(index, unicodedata.normalize("NFC", text) if isinstance(text, str) else "")
    problems: list[BoxProblem] = []
    word.location = _numbers(item.get("location"), 8)
    if word.location is None:
        problems.append(("error", "bad_location", {"limit": MAX_COORDINATE}))
    if "rotate_rect" in item:
        word.rotate_rect = _numbers(item.get("rotate_rect"), 5)
        if word.rotate_rect is None:
            problems.append(("error", "bad_rotate_rect", {"limit": MAX_COORDINATE}))
    return word, problems


def check_word(word: Word, image_size: tuple[int, int] | None) -> list[BoxProblem]:
    """Inside the image, convex, clockwise from top-left, and agreeing with its rotate_rect."""
    problems: list[BoxProblem] = []
    pts = word.points
    if image_size:
        w, h = image_size
        outside = [i for i, (x, y) in enumerate(pts)
                   if not (-EDGE_TOLERANCE <= x <= w + EDGE_TOLERANCE and -EDGE_TOLERANCE <= y <= h + EDGE_TOLERANCE)]
        if outside:
            problems.append(("error", "outside", {"corners": outside, "width": w, "height": h}))
    crosses = [_cross(pts[i], pts[(i + 1) % 4], pts[(i + 2) % 4]) for i in range(4)]
    area = _shoelace(pts)
    if abs(area) < 1.0:
        return [*problems, ("error", "no_area", {})]
    if not (all(c >= 0 for c in crosses) or all(c <= 0 for c in crosses)):
        problems.append(("error", "not_convex", {}))
    elif area < 0:
        problems.append(("error", "anticlockwise", {}))
    else:
        problems.extend(_starts_top_left(word))
    if word.rotate_rect:
        problems.extend(_agrees(word))
    return problems


def _starts_top_left(word: Word) -> list[BoxProblem]:
    """For a horizontal-ish text line, p0→p1 must run along the long side, left to right.

    A vertical box (a CJK column, text rotated by 90°) has no screen-defined top-left the check
    could rely on, so only boxes whose long side lies within 30° of the horizontal are checked.
    """
    width, height, angle = word.size()
    long_side_angle = angle if width >= height else angle - 90
    horizontal = abs(((long_side_angle + 90) % 180) - 90) <= 30
    if max(width, height) < 2 * min(width, height) or not horizontal:
        return []
    if width < height or abs(angle) > 30:
        return [("warning", "not_top_left", {})]
    return []


def _agrees(word: Word) -> list[BoxProblem]:
    cx, cy, rw, rh, ra = word.rotate_rect or (0, 0, 0, 0, 0)
    problems: list[BoxProblem] = []
    if not -90 <= ra <= 90:
        problems.append(("error", "angle_range", {"angle": ra}))
    width, height, angle = word.size()
    x, y = word.centre
    if math.hypot(cx - x, cy - y) > max(CENTRE_TOLERANCE, 0.1 * min(width, height)):
        problems.append(("error", "centre", {"cx": cx, "cy": cy, "x": x, "y": y}))
    as_is = _close(rw, width) and _close(rh, height) and _angle_close(ra, angle)
    swapped = _close(rw, height) and _close(rh, width) and _angle_close(ra, angle + 90)
    if not (as_is or swapped):
        problems.append(("error", "rect_disagrees", {"rw": rw, "rh": rh, "ra": ra, "width": width, "height": height,
                                                     "angle": angle}))
    return problems


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(SIZE_TOLERANCE, 0.1 * max(a, b))


def _angle_close(a: float, b: float) -> bool:
    diff = (a - b) % 180
    return min(diff, 180 - diff) <= ANGLE_TOLERANCE


def reading_order(words: list[Word]) -> list[list[int]]:
    """Lines top to bottom, words left to right: a word joins the first line (in the order lines
    were started) whose first word's vertical extent holds the word's centre. Words without a
    valid box come last, alone.

    In O(n log n), the sort: words arrive by rising centre y, and a first word's top lies at or
    above its own centre, hence above every later centre, so a line takes a word exactly while
    its first word's bottom is at or below the word's centre; once a centre has passed that
    bottom the line is closed for good. A line starts only when every earlier one is closed, so
    only the newest line can take a word (the former loop over all lines found the same one)."""
    placed = sorted((w for w in words if w.location is not None), key=lambda w: (w.centre[1], w.centre[0]))
    lines: list[list[Word]] = []
    bottom = -math.inf  # of the newest line's first word
    for word in placed:
        _, cy = word.centre
        if lines and cy <= bottom:
            lines[-1].append(word)
        else:
            lines.append([word])
            bottom = max(p[1] for p in word.points)
    ordered = [[w.index for w in sorted(line, key=lambda w: w.centre[0])] for line in lines]
    ordered.extend([w.index] for w in words if w.location is None)
    return ordered


def _dist(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _cross(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])


def _shoelace(pts: list[Point]) -> float:
    """Twice the signed area; positive when the corners run clockwise on screen (y down)."""
    return sum(pts[i][0] * pts[(i + 1) % 4][1] - pts[(i + 1) % 4][0] * pts[i][1] for i in range(4))
