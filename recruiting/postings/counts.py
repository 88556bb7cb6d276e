"""How many active applications each posting has, for posting lists and panels.

Applications live in `recruiting.pipelines`, a layer above (ADR 5): pipelines registers
the counter from its `AppConfig.ready()`, the way apps register dashboard panels. With
no counter registered (postings without pipelines) every count is zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Counter = Callable[[list[int]], dict[int, int]]
_counter: list[Counter] = []


def register_application_counter(func: Counter) -> Counter:
    """Register func(posting_ids) -> {posting_id: active applications}, in one query."""
    _counter[:] = [func]
    return func


def active_application_counts(posting_ids: Iterable[int]) -> dict[int, int]:
    """Active applications per posting (postings without any are left out)."""
    if not _counter:
        return {}
    return _counter[0](list(posting_ids))
