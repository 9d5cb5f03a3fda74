"""Values made plain JSON: what the panel syncs and what an export inlines."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, overload

import numpy as np

__all__ = ["json_safe"]


@overload
def json_safe(value: Mapping[Any, Any]) -> dict[str, Any]: ...
@overload
def json_safe(
    value: list[Any] | tuple[Any, ...] | set[Any] | frozenset[Any] | np.ndarray,
) -> list[Any]: ...
@overload
def json_safe(value: object) -> Any: ...


def json_safe(value: object) -> Any:
    """``value`` as plain JSON values, recursively: NaN and infinities as None, NumPy scalars
    as Python numbers, tuples and sets as lists, mapping keys as text, anything else that JSON
    has no word for as its text."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, np.generic):
        return json_safe(value.item())
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return [json_safe(v) for v in value]
    return str(value)
