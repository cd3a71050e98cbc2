"""The `ocrcheck` command line: only wiring. Each subcommand lives in `ocrcheck/commands/<name>.py`
and exposes `add_parser(subparsers)`, which registers its parser with `func=run`, where
`run(args) -> int` returns the exit status (0 clean, 1 findings or review, 2 could not run).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from . import __version__, commands
from ._exceptions import OcrcheckError
from .typepath import use_types_dirs


def command_names() -> list[str]:
    """The subcommands: one public module of `ocrcheck.commands` each, named as the command."""
    return sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or of `only` (each command module imports what its
    command needs: a cold `ocrcheck check` must not pay for the HTTP client or the desk)."""
    parser = argparse.ArgumentParser(
        prog="ocrcheck",
        description="Check, normalise and route the output of the Qwen-OCR service.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in command_names() if only is None else [only]:
        importlib.import_module(f"{commands.__name__}.{name}").add_parser(sub)
    for name, command in sub.choices.items():
        if name in _TYPE_COMMANDS:
            command.add_argument(
                "--types-dir",
                action="append",
                default=[],
                dest="types_dirs",
                metavar="DIR",
                help="a directory of document types of your own (schemas/ + rules/); repeatable. "
                "OCRCHECK_TYPES_PATH adds more",
            )
    return parser


# The subcommands that name or list document types, and so take `--types-dir`.
_TYPE_COMMANDS = frozenset({"batch", "check", "detect", "explain", "review", "scan", "schema", "types"})


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` names in first place, when it is one; else None (the whole parser
    then answers: help, version, a typo)."""
    first = argv[0] if argv else None
    return first if first in command_names() else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(argv))
    args = parser.parse_args(argv)
    try:
        with use_types_dirs(getattr(args, "types_dirs", [])):
            return int(args.func(args))
    except OcrcheckError as error:
        print(f"ocrcheck: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
