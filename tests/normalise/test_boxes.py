"""Located words: geometry checks, reading order, and the picture for reviewers."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from ocrcheck.normalise import draw_boxes, normalise_words
from ocrcheck.normalise.draw import BOX_COLOUR, DOUBTED_COLOUR

BOXES = Path(__file__).resolve().parents[2] / "fixtures" / "boxes"
SERVICE = json.loads((BOXES / "service_example.json").read_text(encoding="utf-8"))
AUDIENCE = {"rotate_rect": [150, 80, 49, 197, -89], "location": [52, 54, 250, 57, 249, 106, 52, 103],
            "text": "Audience"}


def problems(words, size=(1500, 400)) -> list[tuple[str, str, str]]:
    return [(f.field, f.code, f.variant) for f in normalise_words(words, image_size=size).findings]


def test_service_example_is_clean_and_in_reading_order() -> None:
    result = normalise_words(SERVICE, image_size=(1500, 400))
    assert result.findings == []
    assert result.words[0].text == "Audience"
    assert result.lines == [[0], [1]]


@pytest.mark.parametrize(("change", "variant"), [
    ({"location": [250, 57, 249, 106, 52, 103, 52, 54]}, "not_top_left"),  # starts at top-right
    ({"location": [52, 103, 249, 106, 250, 57, 52, 54]}, "anticlockwise"),
    ({"location": [52, 54, 249, 106, 250, 57, 52, 103]}, "not_convex"),
    ({"location": [52, 54, 52, 54, 52, 54, 52, 54]}, "no_area"),
    ({"location": [52, 54, 250, 57, 249, 106]}, "bad_location"),
    ({"location": [52, 54, 250, 57, 249, 106, 52, "x"]}, "bad_location"),
    ({"location": [52, 54, 1650, 57, 1649, 106, 52, 103]}, "outside"),
    ({"rotate_rect": [150, 80, 49, 197, -120]}, "angle_range"),
    ({"rotate_rect": [150, 80, 49, 197, -60]}, "rect_disagrees"),
    ({"rotate_rect": [150, 80, 49, 120, -89]}, "rect_disagrees"),
    ({"rotate_rect": [190, 80, 49, 197, -89]}, "centre"),
    ({"rotate_rect": [150, 80, 49]}, "bad_rotate_rect"),
])
def test_each_geometry_defect_is_a_finding(change: dict, variant: str) -> None:
    found = problems([AUDIENCE, {**AUDIENCE, **change}])
    assert found and all(field == "words[1]" and code == "geometry" for field, code, _ in found)
    assert any(variant == told for _, _, told in found), found


def test_rotate_rect_agrees_unswapped_and_swapped() -> None:
    plain = {**AUDIENCE, "rotate_rect": [150.75, 80, 198, 49, 1]}
    assert problems([plain]) == []
    assert problems([AUDIENCE]) == []  # the service's own convention: swapped, angle -89


def test_vertical_column_is_not_forced_to_start_left() -> None:
    column = {"text": "竖排文字", "location": [100, 10, 140, 10, 140, 210, 100, 210]}
    assert problems([column]) == []


def test_no_words_is_unparseable() -> None:
    assert [f.code for f in normalise_words({"choices": [{"message": {"content": "hi"}}]}).findings] == ["unparseable"]


def test_reading_order_groups_lines_and_sorts_left_to_right() -> None:
    def box(text, x, y, w=60, h=20):
        return {"text": text, "location": [x, y, x + w, y, x + w, y + h, x, y + h]}
    words = [box("world", 100, 12), box("second", 10, 60), box("hello", 10, 10), box("line", 90, 62)]
    result = normalise_words(words)
    assert result.lines == [[2, 0], [1, 3]]
    assert result.text == "hello world\nsecond line"


# --- the picture ---------------------------------------------------------------------------------

def sample_image() -> tuple[bytes, list[dict], tuple[int, int]]:
    """A white page with four printed lines, and the words_info a perfect service would return."""
    from PIL import Image, ImageDraw, ImageFont

    size = (720, 300)
    image = Image.new("RGB", size, "white")
    canvas = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=26)
    except TypeError:  # Pillow without FreeType sizes
        font = ImageFont.load_default()
    lines = ["Invoice 04401234", "Total amount 1,330.00", "Buyer: Example Trading Co.", "Checked by ocrcheck"]
    words = []
    for i, text in enumerate(lines):
        x, y = 40 + 30 * (i % 2), 40 + 60 * i
        canvas.text((x, y), text, fill="black", font=font)
        left, top, right, bottom = canvas.textbbox((x, y), text, font=font)
        left, top, right, bottom = left - 5, top - 5, right + 5, bottom + 5
        cx, cy, w, h = (left + right) / 2, (top + bottom) / 2, right - left, bottom - top
        words.append({"text": text, "location": [left, top, right, top, right, bottom, left, bottom],
                      "rotate_rect": [cx, cy, h, w, -90]})  # the service's swapped convention
    words[3]["rotate_rect"] = [words[3]["rotate_rect"][0] + 40, *words[3]["rotate_rect"][1:]]  # one bad box
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue(), words, size


def test_draw_boxes_draws_every_edge_and_keeps_the_text() -> None:
    pytest.importorskip("PIL")
    from PIL import Image

    original_png, words, size = sample_image()
    result = normalise_words(words, image_size=size)
    assert [f.field for f in result.findings] == ["words[3]"]  # only the shifted rotate_rect
    png = draw_boxes(original_png, result)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    drawn = Image.open(io.BytesIO(png)).convert("RGB")
    original = Image.open(io.BytesIO(original_png)).convert("RGB")
    assert drawn.size == original.size == size
    for word in result.words:
        colour = DOUBTED_COLOUR if word.index == 3 else BOX_COLOUR
        left, top, right, bottom = (round(v) for v in (word.location[0], word.location[1],
                                                          word.location[4], word.location[5]))
        # every pixel along each of the four edges has the box's colour
        edges = ([(x, top) for x in range(left, right + 1)] + [(x, bottom) for x in range(left, right + 1)]
                 + [(left, y) for y in range(top, bottom + 1)] + [(right, y) for y in range(top, bottom + 1)])
        assert {drawn.getpixel(p) for p in edges} == {colour}, word.index
        # inside the box, 3 px clear of the edges, the page is untouched (the text is still there)
        inside = [(x, y) for x in range(left + 3, right - 2) for y in range(top + 3, bottom - 2)]
        assert all(drawn.getpixel(p) == original.getpixel(p) for p in inside)
        assert any(original.getpixel(p) != (255, 255, 255) for p in inside)  # text pixels were there
        # the index tag sits just above the first corner, filled with the box's colour
        assert drawn.getpixel((left, top - 3)) == colour
    # away from every box and tag the page is unchanged
    assert drawn.getpixel((size[0] - 5, size[1] - 5)) == (255, 255, 255)
    target = os.environ.get("OCRCHECK_BOXES_SAMPLE")
    if target:  # `OCRCHECK_BOXES_SAMPLE=/work/notes/boxes-sample.png pytest …` keeps the picture
        Path(target).write_bytes(png)


def test_draw_boxes_accepts_words_info_and_paths(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    original_png, words, _ = sample_image()
    path = tmp_path / "page.png"
    path.write_bytes(original_png)
    assert draw_boxes(path, words, doubted=[0]) != draw_boxes(path, words)
