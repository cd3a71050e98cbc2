"""Checks, cross rules and kinds from installed packages, through entry points.

A package that adds its own checks declares, in its `pyproject.toml`:

    [project.entry-points."ocrcheck.checks"]
    acme = "acme_ocrcheck.checks"        # a module whose import registers checks (@register)

    [project.entry-points."ocrcheck.rules"]
    acme = "acme_ocrcheck.rules"         # registers cross rules (@cross_rule)

(`ocrcheck.kinds` likewise registers field kinds.) The modules are imported the first time
ocrcheck is asked for a check, kind or rule that no built-in module registers (a user's rule
file names one, or a policy), or for the list of every name (`check_names`, `ocrcheck explain`),
and are imported again only when `sys.path` changed. So a rule file may name what they register,
and a run of our own document types never pays for the scan of installed packages (about 30 ms
of a cold `ocrcheck check`, issue 13). A module that cannot be imported, or that registers a
name already taken, is a `ConfigError` naming the entry point (or both modules), at that first
scan.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Container, Mapping

from ._exceptions import ConfigError

GROUPS = ("ocrcheck.kinds", "ocrcheck.checks", "ocrcheck.rules")

_scanned: set[tuple[str, ...]] = set()  # sys.path states already searched for entry points
_loaded: dict[tuple[str, str], str] = {}  # (group, "module:attr") → the entry point's name


def import_registering(name: str, manifest: Mapping[str, str], package: str, registered: Container[str]) -> None:
    """Import what registers `name` in a registry of `package` (checks, cross rules) whose
    `manifest` maps each built-in name to its module: that module when the manifest names it;
    else the installed plugins (a document type of ours never needs them, so a cold start does
    not pay for the scan); and only when `registered` still lacks it, every built-in module (a
    name the manifest forgot, which its test says, is still found)."""
    if name in manifest:
        importlib.import_module(f"{package}.{manifest[name]}")
        return
    load_plugins()
    if name not in registered:
        for module in sorted(set(manifest.values())):
            importlib.import_module(f"{package}.{module}")


def load_plugins() -> dict[tuple[str, str], str]:
    """Import every entry point of the three groups not imported yet; what was loaded so far."""
    state = tuple(sys.path)
    if state in _scanned:
        return dict(_loaded)
    from importlib.metadata import entry_points  # imported on first use: a cold start pays once

    installed = entry_points()  # one walk over the installed distributions, not one per group
    for group in GROUPS:
        for point in installed.select(group=group):
            if (group, point.value) in _loaded:
                continue
            try:
                point.load()
            except ConfigError:
                raise  # a name registered twice: the error names both modules
            except Exception as error:
                where = f"entry point {point.name} = {point.value!r}"
                raise ConfigError(group, where, f"cannot be loaded ({type(error).__name__}: {error})") from None
            _loaded[(group, point.value)] = point.name
    _scanned.add(state)
    return dict(_loaded)
