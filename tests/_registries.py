"""Shared by the lazy-registry tests of `ocrcheck.checks` and `ocrcheck.crossfield`: both keep a
`_manifest` of which module registers each built-in name, held equal here to what the modules
register, and both are shown in a fresh interpreter to import nothing until asked."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def public_modules(package: str) -> list[str]:
    """The public submodules of `package` (those not starting with `_`)."""
    path = importlib.import_module(package).__path__
    return sorted(m.name for m in pkgutil.iter_modules(path) if not m.name.startswith("_"))


def fresh(code: str) -> object:
    """Run `code` in a new interpreter (this tree first on the path); the JSON it prints."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def assert_manifest_registered(
    package: str,
    manifest: Mapping[str, tuple[str, ...]],
    names: Callable[[], Iterable[str]],
    module_of: Callable[[str], str],
) -> None:
    """Import every public module of `package`, then hold `manifest` (module → names) equal to
    what they registered (`names()`, each name's module by `module_of`)."""
    for name in public_modules(package):
        importlib.import_module(f"{package}.{name}")
    prefix = f"{package}."
    registered: dict[str, set[str]] = {}
    for name in names():
        module = module_of(name)
        if module.startswith(prefix):
            registered.setdefault(module.removeprefix(prefix), set()).add(name)
    listed = {module: set(found) for module, found in manifest.items()}
    unlisted = sorted(f"{n} ({m})" for m, found in registered.items() for n in found - listed.get(m, set()))
    stale = sorted(f"{n} ({m})" for m, found in listed.items() for n in found - registered.get(m, set()))
    where = f"{package.replace('.', '/')}/_manifest.py"
    assert not unlisted, f"add to {where}, under its module: {unlisted}"
    assert not stale, f"no longer registered there ({where}): {stale}"
