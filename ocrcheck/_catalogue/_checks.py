"""Messages of the field checks (`ocrcheck/checks/`): what a check's exception says, by variant."""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    # stdnum's own exception classes, raised without words of their own.
    ("format", "length"): ("the number has an invalid length", "长度不正确"),
    ("format", "component"): ("a part of the number is not valid", "号码中有部分内容无效"),
    # A check from outside ocrcheck (an entry point) raising with its own words: kept as given.
    ("format", "detail"): ("{detail}", "{detail}"),
    ("checksum", "detail"): ("{detail}", "{detail}"),
    ("date", "detail"): ("{detail}", "{detail}"),
    ("range", "detail"): ("{detail}", "{detail}"),
}
