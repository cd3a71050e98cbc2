"""Where document types come from: the built-in catalogue, plus directories of one's own.

A directory of user types holds `schemas/<id>.json` and `rules/<id>.toml`, exactly like the
package's own data, and is loaded with the same checks (a `ConfigError` naming file and key).
Directories are added, first to last, by:

* `types_path=` on the library calls (`check`, `check_response`, `list_doctypes`, ...),
* `--types-dir DIR` on the command line (repeatable),
* the environment variable `OCRCHECK_TYPES_PATH` (directories separated by `os.pathsep`).

A type id is `[a-z][a-z0-9_]*` (at most 64 characters) and is only ever looked up among the
files the directories list: no path is built from it, so `../rules/x` is an `UnknownDocType`,
never a file-system access. A user type may not take the id of a built-in type or of a type in
another directory: that is a `ConfigError` naming both files, since a verdict must never depend
on the order in which directories were listed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ._exceptions import ConfigError

ENV = "OCRCHECK_TYPES_PATH"
TYPE_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
BUILT_IN = "built-in"

# Directories the command line added for the command being run (`--types-dir`); set and reset
# by `use_types_dirs` around one command, so that every stage the command calls sees them.
_command_dirs: tuple[str, ...] = ()


def data_dir(name: str) -> Path:
    """`schemas`, `rules` or `fixtures`: inside the wheel (`ocrcheck/_data/`) or the checkout."""
    packaged = Path(__file__).parent / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name


def is_type_id(value: object) -> bool:
    return isinstance(value, str) and TYPE_ID.fullmatch(value) is not None


@dataclass(frozen=True)
class TypeSource:
    """Where one type's two files are (either may be missing: `load_doctype` says which)."""

    schemas: Path
    rules: Path
    origin: str  # BUILT_IN, or the user directory as given


def search_dirs(types_path: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None) -> tuple[str, ...]:
    """The user directories in force: `types_path`, then `--types-dir`, then `OCRCHECK_TYPES_PATH`."""
    if types_path is None and not _command_dirs and not os.environ.get(ENV):
        return ()  # none at all, the common case: asked on every check
    if types_path is None:
        given: list[str] = []
    elif isinstance(types_path, (str, os.PathLike)):
        given = [os.fspath(types_path)]
    else:
        given = [os.fspath(p) for p in types_path]
    from_env = [p for p in os.environ.get(ENV, "").split(os.pathsep) if p]
    out: list[str] = []
    for directory in (*given, *_command_dirs, *from_env):
        if directory not in out:
            out.append(directory)
    return tuple(out)


@contextmanager
def use_types_dirs(dirs: Iterable[str]) -> Iterator[None]:
    """Add `dirs` to the search path for the duration of one command (`--types-dir`)."""
    global _command_dirs
    saved = _command_dirs
    _command_dirs = (*saved, *dirs)
    try:
        yield
    finally:
        _command_dirs = saved


def _stems(folder: Path, suffix: str) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.stem: folder for p in folder.glob(f"*{suffix}") if is_type_id(p.stem) and p.is_file()}


def _listing(schemas: Path, rules: Path, origin: str) -> dict[str, TypeSource]:
    names = set(_stems(schemas, ".json")) | set(_stems(rules, ".toml"))
    return {name: TypeSource(schemas, rules, origin) for name in names}


@cache
def type_index(dirs: tuple[str, ...]) -> dict[str, TypeSource]:
    """Every known type id → its source, built-in types first, then each user directory."""
    index = _listing(data_dir("schemas"), data_dir("rules"), BUILT_IN)
    for directory in dirs:
        root = Path(directory)
        if not (root / "schemas").is_dir() and not (root / "rules").is_dir():
            raise ConfigError(directory, "(directory)", "is not a directory of types (no schemas/ or rules/ in it)")
        for name, source in _listing(root / "schemas", root / "rules", directory).items():
            if name in index:
                other = index[name]
                where = "a built-in type" if other.origin == BUILT_IN else f"a type in {other.origin}"
                raise ConfigError(directory, name, f"type {name!r} is already {where}; choose another id")
            index[name] = source
    return index
