"""Package attributes imported on first use (PEP 562), for the packages whose `__init__` names a
whole stack: a cold `ocrcheck check` imports `ocrcheck.batch._inputs` for the folder walk, and an
eager `ocrcheck.batch` would import the HTTP client, the review queue and the normalisers with it
(issue 13: a cold start pays for every module it imports).

Each package keeps its imports under `if TYPE_CHECKING:` as well, for mypy and for the layering
test (tests/test_layers.py reads import statements); tests/test_lazy_imports.py holds the two
lists equal.
"""

from __future__ import annotations

from importlib import import_module

# `typing.TYPE_CHECKING`, without importing typing (with the modules it imports, most of what
# `import ocrcheck` would cost); mypy knows the name.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any


def lazy_attributes(
    package: str, namespace: dict[str, Any], exports: Mapping[str, tuple[str, ...]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`(__getattr__, __dir__)` for `package`, whose `exports` map a relative module name
    (`"._run"`) to the names it gives the package. A name is imported once, then kept in the
    package's `namespace`, so later look-ups are plain attribute reads."""
    module_of = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *module_of})

    return __getattr__, __dir__
