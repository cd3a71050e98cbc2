"""Data flows one way (design.md): a stage never imports a later stage.

Every import in the package, including imports inside functions, is resolved to the ocrcheck
module it names and checked against the forbidden directions below.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ocrcheck"

# module prefix → prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    # The one clock is read by every stage, so it depends on none of them.
    "ocrcheck.clock": (
        "ocrcheck.values",
        "ocrcheck.dates",
        "ocrcheck.checks",
        "ocrcheck.crossfield",
        "ocrcheck.doctypes",
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
    ),
    # The wire formats stand below everything that reads them (parse, normalise, client, testing).
    "ocrcheck.wire": (
        "ocrcheck._messages",
        "ocrcheck._models",
        "ocrcheck.values",
        "ocrcheck.dates",
        "ocrcheck.checks",
        "ocrcheck.crossfield",
        "ocrcheck.parse",
        "ocrcheck.normalise",
        "ocrcheck.doctypes",
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.testing",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
        "ocrcheck.batch",
        "ocrcheck.desk",
        "ocrcheck.cli",
    ),
    "ocrcheck.values": (
        "ocrcheck.dates",  # dates are built on values' primitives, never the reverse
        "ocrcheck.checks",
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
    ),
    "ocrcheck.dates": (
        "ocrcheck.kinds",
        "ocrcheck.checks",
        "ocrcheck.crossfield",
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
    ),
    # Kinds sit just above values: rule files, checks and rules are built on them, never the reverse.
    "ocrcheck.kinds": (
        "ocrcheck.checks",
        "ocrcheck.crossfield",
        "ocrcheck.doctypes",
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
    ),
    # Where types and plugins come from: read by doctypes, knowing nothing of what uses them.
    "ocrcheck.typepath": ("ocrcheck.doctypes", "ocrcheck.engine", "ocrcheck.pipeline", "ocrcheck.commands"),
    "ocrcheck.plugins": ("ocrcheck.doctypes", "ocrcheck.engine", "ocrcheck.pipeline", "ocrcheck.commands"),
    "ocrcheck.checks": (
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.doctypes",
        "ocrcheck.crossfield",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
    ),
    "ocrcheck.crossfield": (
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.doctypes",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
    ),
    "ocrcheck.parse": (
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.doctypes",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
    ),
    "ocrcheck.doctypes": (
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
    ),
    # Policies are loaded before a check and applied inside it: below the engine.
    "ocrcheck.policy": (
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
        "ocrcheck.cli",
    ),
    # The engine never does I/O: no client, no queue, no command line.
    "ocrcheck.engine": (
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
        "ocrcheck.cli",
    ),
    # Batch runs call the client and the pipeline; the command line wires them, never the reverse.
    "ocrcheck.batch": ("ocrcheck.commands", "ocrcheck.cli", "ocrcheck.desk"),
    # The desk reads the queue and re-checks corrections; it never calls the service.
    "ocrcheck.desk": ("ocrcheck.client", "ocrcheck.commands", "ocrcheck.cli"),
    "ocrcheck.pipeline": ("ocrcheck.client", "ocrcheck.commands", "ocrcheck.review_queue", "ocrcheck.cli"),
    # Detection ranks types with the engine's checks; parsing and wiring stay in the pipeline.
    "ocrcheck.detection": (
        "ocrcheck.pipeline",
        "ocrcheck.parse",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
        "ocrcheck.cli",
    ),
    # The client never validates.
    "ocrcheck.client": (
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.checks",
        "ocrcheck.crossfield",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
        "ocrcheck.cli",
    ),
    "ocrcheck.normalise": (
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.review_queue",
        "ocrcheck.cli",
    ),
    "ocrcheck.review_queue": (
        "ocrcheck.engine",
        "ocrcheck.pipeline",
        "ocrcheck.client",
        "ocrcheck.commands",
        "ocrcheck.cli",
    ),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("ocrcheck")}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_no_stage_imports_a_later_stage() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        for owner, banned in FORBIDDEN.items():
            if not _within(module, owner):
                continue
            for name in _imports(path):
                if any(_within(name, b) for b in banned):
                    violations.append(f"{module} imports {name}")
    assert not violations, "\n".join(violations)


def test_the_layer_check_can_fail(tmp_path: Path) -> None:
    # The resolver really resolves relative imports (else the test above would pass vacuously).
    engine = PACKAGE / "engine.py"
    assert "ocrcheck.checks" in _imports(engine)
    assert "ocrcheck.doctypes" in _imports(engine)
