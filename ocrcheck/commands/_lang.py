"""`--lang en|zh`: the one option every command that prints findings shares."""

from __future__ import annotations

from typing import Any

from .._messages import DEFAULT_LANG, LANGS

HELP = "language of the findings' messages: en (default) or zh; codes, variants and ctx are the same in both"


def add_lang(parser: Any) -> None:
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help=HELP)
