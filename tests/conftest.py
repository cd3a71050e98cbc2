"""Suite-wide settings. Hypothesis's per-example deadline is off: tests never depend on time, and
the 200 ms default failed property tests on a loaded machine although every example passed."""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("ocrcheck", deadline=None)
settings.load_profile("ocrcheck")
