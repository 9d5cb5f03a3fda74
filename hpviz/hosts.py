"""What particular notebook hosts need beyond the anywidget protocol."""

from __future__ import annotations

import contextlib
import sys

import anywidget

__all__ = ["rerun_marimo_readers"]


def rerun_marimo_readers(widget: anywidget.AnyWidget) -> None:
    """In marimo, run again the cells that read ``mo.ui.anywidget(widget).value``.

    marimo runs them when the page writes to the widget. A change made in Python between cell
    runs (a finished fit, the wand's choice) reaches the page, but no cell sees it unless the
    kernel is sent the update the page would have sent, as marimo's own ``mo.ui.chat`` does
    when its value changes in Python. The value sent is the one the page starts with, which
    changes no trait. Nothing happens outside marimo, outside its kernel's thread, or when the
    panel is not wrapped in ``mo.ui.anywidget``.
    """
    if "marimo" not in sys.modules:
        return
    element_id = getattr(getattr(widget, "comm", None), "ui_element_id", None)
    if not element_id:
        return
    with contextlib.suppress(Exception):  # another marimo, or no kernel here: nothing to re-run
        from marimo._runtime.commands import UpdateUIElementCommand
        from marimo._runtime.context import get_context

        update = UpdateUIElementCommand(
            object_ids=[element_id], values=[{"model_id": widget._model_id}], request=None
        )
        # marimo's kernel is private and untyped: the call is guarded by the suppress above
        get_context()._kernel.enqueue_control_request(update)  # type: ignore[attr-defined]
