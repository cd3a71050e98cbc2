"""What a check does with a value, in full: the value it returns, or the error it raises (class,
finding code, variant, ctx and text). Fast paths are held equal to their general paths by this."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stdnum.exceptions import ValidationError

from ocrcheck.checks import finding_code, finding_detail


def outcome(check: Callable[[str], Any], value: str) -> tuple[Any, ...]:
    try:
        result = check(value)
    except ValidationError as error:
        # The exact class: stdnum's own, or the one `invalid` makes once per stdnum class.
        return ("raised", type(error), finding_code(error), finding_detail(error), str(error))
    return ("returned", type(result).__name__, result)
