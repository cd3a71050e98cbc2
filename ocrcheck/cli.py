"""The `ocrcheck` command line: only wiring. Each subcommand lives in `ocrcheck/commands/<name>.py`
and exposes `add_parser(subparsers)`, which registers its parser with `func=run`, where
`run(args) -> int` returns the exit status (0 clean, 1 findings or review, 2 could not run).

One rule for a reader that goes away (`ocrcheck review list | head -1`, `ocrcheck check ... |
head -1`), for every command: the rest of standard output is dropped, the command runs to its
end (documents are still checked and queued) and exits with its own status, as if its output had
been read; nothing is printed about it. Only if a closed pipe still escapes a command (it wrote
past `sys.stdout`) is the status 1: the run was cut short, so it does not claim a clean result.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any, TextIO

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


class _Stdout:
    """`stream` until its reader goes away; from the first `BrokenPipeError` on, writes are
    dropped and the descriptor points at /dev/null (so the interpreter's last flush is quiet)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self.gone()
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self.gone()

    def gone(self) -> None:
        self.reader_gone = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass  # not a file (a test's capture): nothing will flush it at exit

    def __getattr__(self, name: str) -> Any:  # encoding, fileno, isatty, buffer…
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(argv))
    args = parser.parse_args(argv)
    stdout = sys.stdout
    guarded = _Stdout(stdout)
    sys.stdout = guarded  # type: ignore[assignment]
    try:
        with use_types_dirs(getattr(args, "types_dirs", [])):
            return int(args.func(args))
    except OcrcheckError as error:
        print(f"ocrcheck: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        guarded.gone()
        return 1
    finally:
        guarded.flush()  # what is still buffered, while a closed pipe is still ours to handle
        sys.stdout = stdout


if __name__ == "__main__":
    sys.exit(main())
