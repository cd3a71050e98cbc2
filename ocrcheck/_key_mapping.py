"""The engine's first step: an answer's keys (ours, or the document's printed labels) to our
field keys, cached per key set; two labels of one field and a key given twice (`Repeated`).

A mixin of the engine's run (`engine._Run`), as `_document_stages` is, which holds the state
these methods read and add to; kept in its own module so that each stays small. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from ._field_data import bilingual_target, same_value
from ._plan import DEFAULT_RULE, MAX_CACHED_KEYS, Layout, Plan
from ._records import Repeated
from .doctypes import FieldRule, fold_label
from .values import as_text

Unmapped = Literal["keep", "extra"]


class _Routes(tuple[tuple[str, str | None], ...]):
    """(label, our key or None) for each key of an object, in order. `targets`: our keys in that
    order when every label maps to a field of its own (no unknown label, no two labels of one
    field), else None; such an object maps by `dict(zip(targets, values))`, unless one of its
    values is `Repeated`."""

    targets: tuple[str, ...] | None
    layout: Layout | None  # the quick path's walk of such an object, made on first use

    def __new__(cls, routes: list[tuple[str, str | None]]) -> _Routes:
        self = super().__new__(cls, routes)
        targets = tuple(target for _, target in routes)
        distinct = None not in targets and len(set(targets)) == len(targets)
        self.targets = targets if distinct else None  # type: ignore[assignment]
        self.layout = None  # type: ignore[assignment]
        return self


def _routes_of(keys: tuple[Any, ...], aliases: Mapping[str, str], extra: bool) -> _Routes:
    out = []
    for key in keys:
        label = as_text(key)
        target = aliases.get(fold_label(label))
        if extra:
            # No schema was sent: the keys are the model's own, usually the printed labels. A
            # bilingual label (`Tanggal Lahir / Date of Birth`) maps through either half.
            target = target or bilingual_target(label, aliases)
        out.append((label, target))
    return _Routes(out)


class KeyMapping:
    """The key mapping of one document's check (see `engine._Run`)."""

    # The run's state (set by `engine._Run.__init__`).
    plan: Plan
    unmapped: Unmapped
    quick: bool
    extra: dict[str, Any]

    def add(self, field: str, code: str, variant: str = "", *, severity: str = "error", **extra: Any) -> None:
        raise NotImplementedError  # the run's: records a finding and marks the field bad

    def routes(self, data: Mapping[Any, Any], aliases: Mapping[str, str], prefix: str, tag: str) -> _Routes:
        """(label, our key or None) for each key of `data`, in order: depends on the keys alone,
        so it is cached per key set (short string keys only, a bounded number of sets)."""
        extra = self.unmapped == "extra" and not prefix
        keys = tuple(data)
        if len(keys) > MAX_CACHED_KEYS:
            return _routes_of(keys, aliases, extra)
        cache_key = (tag, extra, keys)
        found = self.plan.cached_keys(cache_key)
        if found is not None:  # a key set seen before: its keys were short strings when it was kept
            return found  # type: ignore[return-value]  # a `_Routes`: only `_routes_of` fills the cache
        routes = _routes_of(keys, aliases, extra)
        if not all(type(k) is str and len(k) <= MAX_CACHED_KEYS for k in keys):
            return routes
        return self.plan.remember_keys(cache_key, routes)  # type: ignore[return-value]  # as given

    def layout(self, data: Mapping[Any, Any], aliases: Mapping[str, str], prefix: str, tag: str,
               make: Callable[[Any, tuple[str, ...]], Layout], of: Any) -> tuple[tuple[str, ...], Layout] | None:
        """(our keys, their layout) when `data` maps key for key (as `map_keys`'s `dict(zip)`),
        else None: the object then takes `map_keys` and the long loop. `make(of, keys)` makes
        the layout the first time."""
        routes = self.routes(data, aliases, prefix, tag)
        targets = routes.targets
        if targets is None or Repeated in map(type, data.values()):
            return None
        layout = routes.layout
        if layout is None:
            layout = routes.layout = make(of, targets)  # type: ignore[misc]  # set once, then read
        return targets, layout

    def map_keys(
        self,
        data: Mapping[Any, Any],
        aliases: Mapping[str, str],
        prefix: str,
        rules: Mapping[str, FieldRule],
        tag: str = "",
    ) -> dict[str, Any]:
        """Labels → our keys; `rules` maps our key to its rule (for comparing two labels' values);
        `tag` names the aliases (`""` the top level, else the list field) for the key-set cache."""
        routes = self.routes(data, aliases, prefix, tag)
        if routes.targets is not None and self.quick and Repeated not in map(type, data.values()):
            return dict(zip(routes.targets, data.values(), strict=True))  # every label its own field
        out: dict[str, Any] = {}
        label_of: dict[str, str] = {}  # our key → the label its value came from
        extra = self.unmapped == "extra" and not prefix
        for (label, target), value in zip(routes, data.values(), strict=True):
            if extra and (target is None or target in out):
                self.extra[label] = value  # what maps to no field (or to one already filled)
                continue
            if target is None:
                out[label] = value  # unknown: kept as given, and reported
                self.add(f"{prefix}{label}", "schema", "unknown_field", severity="warning", value=value)
                continue
            if type(value) is Repeated:  # one key given twice in one object: like two labels
                value = self.repeated(f"{prefix}{target}", label, value, rules.get(target, DEFAULT_RULE).kind)
            if target not in out:
                out[target], label_of[target] = value, label
                continue
            first = label_of[target]
            if same_value(out[target], value, rules.get(target, DEFAULT_RULE).kind):
                continue  # the same value under two labels is one value
            both = {first: out[target], label: value}
            if label == target:  # our own key wins the field; the alias's value keeps its label
                out[first], out[target], label_of[target] = out[target], value, label
            else:
                out[label] = value
            self.add(f"{prefix}{target}", "mismatch", "alias_conflict", value=both, rule="alias_conflict",
                     first=first, label=label)
        return out

    def repeated(self, path: str, label: str, values: Repeated, kind: str) -> Any:
        """The first of the values a key was given; a `mismatch` keeping them all if they differ."""
        if all(same_value(values[0], other, kind) for other in values[1:]):
            return values[0]
        self.add(path, "mismatch", "repeated_key", value={label: list(values)}, rule="repeated_key",
                 label=label, count=len(values))
        return values[0]
