"""Plotly figures for reports: importance with intervals and correlation, one parameter against
the metric (the panel's drill-down), and parallel coordinates.

Plotly is imported inside each function, so importing hpviz stays fast. The functions take
what :mod:`hpviz.analysis` and :mod:`hpviz.analysis.drilldown` return; they compute nothing
new. Their size is bounded: a figure draws at most :data:`MAX_FIGURE_RUNS` runs (a fixed
sample that keeps the best ones, said in the title), so a million runs make a figure of a few
MB, not a hundred.

Plotly draws a subset of HTML in titles, axes, ticks and hover labels, so every name and value
that comes from the data goes through :func:`plain` first: a parameter called
``<a href=…>`` shows as those characters, never as a link.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

from hpviz.analysis.encoding import as_numeric, category_label, is_log_scale, target_values

__all__ = [
    "MAX_FIGURE_RUNS",
    "correlation_tone",
    "drilldown_figure",
    "history_figure",
    "importance_figure",
    "pair_figure",
    "parallel_coordinates",
    "plain",
]

MAX_FIGURE_RUNS = 20_000
"""Most runs a figure draws (points of a drill-down, lines of parallel coordinates)."""

IMPORTANCE_COLOR = "#2f6fde"
GOOD_COLOR = "#2e8540"
BAD_COLOR = "#d1383d"
NEUTRAL_COLOR = "#8a8a8a"
TONE_COLORS = {"good": GOOD_COLOR, "bad": BAD_COLOR, "neutral": NEUTRAL_COLOR}
TONE_WORDS = {"good": "✓ helps", "bad": "✗ hurts", "neutral": "≈ could be 0"}
BEST_COLOR = "#f0a020"
BEST_MARKER = {
    "symbol": "star",
    "size": 16,
    "color": BEST_COLOR,
    "line": {"color": "#222", "width": 1},
}
"""The best run's mark in every figure: a star."""


def plain(text: object) -> str:
    """``text`` as plotly shows it literally: its HTML subset escaped (``<``, ``>``, ``&``), and
    ``%`` too, so a name cannot reach into a hover template (``%{x}``)."""
    return html.escape(str(text), quote=False).replace("%", "&#37;")


def correlation_tone(r: float, low: float, high: float, goal: str) -> str:
    """``"good"``, ``"bad"`` or ``"neutral"``: the panel's rule for a correlation's colour
    (``js/src/geometry.js``). Neutral when its direction is not established (its 90% interval
    contains 0, or it has none) or when r is 0 or missing; else good when r moves the metric
    the good way for the goal (down when minimised, up when maximised), bad when the other."""
    if not np.isfinite(r) or r == 0:
        return "neutral"
    if not (np.isfinite(low) and np.isfinite(high)) or low <= 0 <= high:
        return "neutral"
    return "good" if (r > 0) == (goal == "maximize") else "bad"


def _correlation_said(r: float, low: float, high: float, tone: str) -> str:
    """What a correlation bar's hover label says: r, its interval, and its tone in words."""
    if not np.isfinite(r):
        return "no single correlation"
    interval = (
        f" (90% interval {low:.2f}–{high:.2f})" if np.isfinite(low) and np.isfinite(high) else ""
    )
    return f"correlation {r:.2f}{interval}: {TONE_WORDS[tone]}"


def importance_figure(table: pd.DataFrame, *, metric: str, goal: str, noise_floor=None):
    """Importance (bars with their 90% interval as error bars, the noise floor as a dashed
    line) and correlation (green where its direction is good for the goal, red where bad, grey
    where its 90% interval contains 0: :func:`correlation_tone`, as the panel draws it) of the
    parameters in ``table`` (rows as :func:`hpviz.importance_table` returns them), top to
    bottom in the table's order."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    names = [plain(p) for p in table["parameter"]]
    importance = table["importance"].to_numpy(dtype=float)
    low = table["importance_low"].to_numpy(dtype=float)
    high = table["importance_high"].to_numpy(dtype=float)
    correlation = table["correlation"].to_numpy(dtype=float)
    missing = np.full(len(names), np.nan)
    r_low = (
        table["correlation_low"].to_numpy(dtype=float) if "correlation_low" in table else missing
    )
    r_high = (
        table["correlation_high"].to_numpy(dtype=float) if "correlation_high" in table else missing
    )
    scales = list(table["scale"]) if "scale" in table else [""] * len(names)
    tones = [
        correlation_tone(r, low, high, goal)
        for r, low, high in zip(correlation, r_low, r_high, strict=True)
    ]
    said = [
        _correlation_said(r, low, high, tone)
        for r, low, high, tone in zip(correlation, r_low, r_high, tones, strict=True)
    ]
    labels = [f"{n} (log)" if s == "log" else n for n, s in zip(names, scales, strict=True)]

    figure = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=("Importance", "Correlation"),
    )
    figure.add_trace(
        go.Bar(
            y=labels,
            x=importance,
            orientation="h",
            marker_color=IMPORTANCE_COLOR,
            error_x={
                "type": "data",
                "symmetric": False,
                "array": high - importance,
                "arrayminus": importance - low,
                "color": "#444",
            },
            customdata=np.stack([low, high], axis=1) if len(names) else None,
            hovertemplate="%{y}: importance %{x:.3f}"
            " (90%% interval %{customdata[0]:.3f}–%{customdata[1]:.3f})<extra></extra>",
            name="importance",
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Bar(
            y=labels,
            x=np.nan_to_num(correlation, nan=0.0),
            orientation="h",
            marker_color=[TONE_COLORS[tone] for tone in tones],
            customdata=said,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            name="correlation",
        ),
        row=1,
        col=2,
    )
    if noise_floor is not None and np.isfinite(noise_floor):
        figure.add_vline(
            x=float(noise_floor),
            line_dash="dash",
            line_color="#888",
            row=1,
            col=1,
            annotation_text="noise floor",
            annotation_position="top",
        )
    figure.update_yaxes(autorange="reversed", row=1, col=1)
    figure.update_xaxes(
        range=[0, max(1e-9, float(np.nanmax(high, initial=0)) * 1.05)], row=1, col=1
    )
    figure.update_xaxes(range=[-1, 1], row=1, col=2)
    figure.update_layout(
        title=f"Parameter importance with respect to {plain(metric)} ({goal})",
        showlegend=False,
        template="plotly_white",
        height=max(260, 80 + 28 * len(names)),
    )
    return figure


def drilldown_figure(view: dict):
    """One parameter against the metric, from :func:`hpviz.analysis.drilldown.drilldown`'s
    ``view``: a scatter (log x axis where the parameter is log-scaled) or, for a categorical
    parameter, one box with its runs per value and the value's mean; the best run is a star."""
    import plotly.graph_objects as go

    param, metric = plain(view["parameter"]), plain(view["metric"])
    figure = go.Figure()
    best = view.get("best")
    if view["kind"] == "numeric":
        figure.add_trace(
            go.Scattergl(
                x=view["x"],
                y=view["y"],
                mode="markers",
                marker={"color": IMPORTANCE_COLOR, "opacity": 0.55, "size": 6},
                name="runs",
                hovertemplate=f"{param} %{{x:.4g}}<br>{metric} %{{y:.4g}}<extra></extra>",
            )
        )
        figure.update_xaxes(type="log" if view["scale"] == "log" else "linear")
        special = view.get("special") or []
        if special:  # numbers with a few words: each word a box on an axis of its own, right
            words = [plain(c["value"]) for c in special]
            for category, word in zip(special, words, strict=True):
                figure.add_trace(_strip(word, category["y"], f"{param} = {word}", xaxis="x2"))
            figure.update_layout(
                xaxis={"domain": [0, 0.78]},
                xaxis2={
                    "domain": [0.82, 1],
                    "type": "category",
                    "categoryorder": "array",
                    "categoryarray": words,
                    "anchor": "y",
                },
            )
    elif view["kind"] == "categorical":
        categories = view["categories"]
        for category in categories:
            label = plain(category["value"])
            figure.add_trace(_strip(label, category["y"], label))
        figure.add_trace(
            go.Scatter(
                x=[plain(c["value"]) for c in categories],
                y=[c["mean"] for c in categories],
                mode="markers+text",
                marker={"symbol": "line-ew-open", "size": 26, "color": "#222", "line_width": 2},
                text=[f"n={c['count']}" for c in categories],
                textposition="top center",
                name="mean",
                hovertemplate=f"%{{x}}: mean {metric} %{{y:.4g}}, %{{text}}<extra></extra>",
            )
        )
        figure.update_xaxes(
            type="category",
            categoryorder="array",
            categoryarray=[plain(c["value"]) for c in categories],
        )
    if best is not None:
        on_words = isinstance(best["x"], str) and view["kind"] == "numeric"
        figure.add_trace(
            go.Scatter(
                x=[plain(best["x"]) if isinstance(best["x"], str) else best["x"]],
                y=[best["y"]],
                xaxis="x2" if on_words else "x",
                mode="markers",
                marker=BEST_MARKER,
                name="best run",
                hovertemplate=f"best run: {param} %{{x}}, {metric} %{{y:.4g}}<extra></extra>",
            )
        )
    figure.update_layout(
        title=f"{param} against {metric}"
        + _sample_note(view["n_shown"], view["n_runs"])
        + (f" — {plain(view['message'])}" if view["message"] else ""),
        xaxis_title=param + (" (log scale)" if view["scale"] == "log" else ""),
        yaxis_title=metric,
        showlegend=False,
        template="plotly_white",
    )
    return figure


def _strip(label: str, y: list[float], name: str, **axis: str):
    """One value's runs: its points over a box, at ``label`` on a category axis."""
    import plotly.graph_objects as go

    return go.Box(
        x=[label] * len(y),
        y=y,
        name=name,
        boxpoints="all",
        jitter=0.4,
        pointpos=0,
        marker={"color": IMPORTANCE_COLOR, "opacity": 0.5, "size": 5},
        line={"color": "#777"},
        fillcolor="rgba(0,0,0,0)",
        hoverinfo="y",
        **axis,
    )


def pair_figure(view: dict):
    """Two parameters against the metric, from
    :func:`hpviz.analysis.pairgrid.pair_grid`'s ``view``: a heatmap of the median metric per
    cell (darker is better for the goal; a cell's run count on hover), numeric axes binned on
    their scale (log10 where log-scaled, labelled in the parameter's units), categories as
    bands, the best cell outlined and the best run a star."""
    import plotly.graph_objects as go

    a, b = (plain(name) for name in view["parameters"])
    metric = plain(view["metric"])
    figure = go.Figure()
    axes = [view["x"], view["y"]]
    if any(axis.get("kind") not in ("numeric", "category") for axis in axes):
        figure.update_layout(
            title=f"{a} × {b} against {metric} — {plain(view.get('message') or 'nothing to plot')}",
            template="plotly_white",
        )
        return figure
    places = [_pair_axis(axis) for axis in axes]
    (x_at, x_layout), (y_at, y_layout) = places
    z = [[None] * len(x_at) for _ in y_at]
    counts = [[0] * len(x_at) for _ in y_at]
    for cell in view["cells"]:
        z[cell["j"]][cell["i"]] = cell["median"]
        counts[cell["j"]][cell["i"]] = cell["count"]
    maximize = view["goal"] == "maximize"
    figure.add_trace(
        go.Heatmap(
            x=x_at,
            y=y_at,
            z=z,
            customdata=counts,
            colorscale=[[0.0, "#f4f7f4"], [1.0, GOOD_COLOR]],
            reversescale=not maximize,
            colorbar={"title": {"text": f"median {metric}<br>(darker is better)"}},
            hovertemplate=f"{a} %{{x}}<br>{b} %{{y}}<br>median {metric} %{{z:.4g}}"
            "<br>%{customdata} runs<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    best_cell = view.get("best_cell")
    if best_cell is not None:
        x0, x1 = _cell_span(x_at, best_cell["i"], axes[0])
        y0, y1 = _cell_span(y_at, best_cell["j"], axes[1])
        figure.add_shape(
            type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line={"color": BEST_COLOR, "width": 3}
        )
    best = view.get("best")
    if best is not None:
        figure.add_trace(
            go.Scatter(
                x=[_pair_value(best["x"], axes[0])],
                y=[_pair_value(best["y"], axes[1])],
                mode="markers",
                marker=BEST_MARKER,
                name="best run",
                hovertemplate=f"best run: {metric} {best['metric']:.4g}<extra></extra>",
            )
        )
    figure.update_xaxes(
        title=a + (" (log scale)" if axes[0].get("scale") == "log" else ""), **x_layout
    )
    figure.update_yaxes(
        title=b + (" (log scale)" if axes[1].get("scale") == "log" else ""), **y_layout
    )
    figure.update_layout(
        title=f"{a} × {b} against {metric}: median per cell, {view['n_runs']:,} runs".replace(
            ",", "\u2009"
        )
        + (f" — {plain(view['message'])}" if view.get("message") else ""),
        showlegend=False,
        template="plotly_white",
    )
    return figure


def _pair_axis(axis: dict) -> tuple[list, dict]:
    """Where a pair figure's cells sit along an axis and how the axis is laid out: a numeric
    axis by its bins' edges (log10 of them on a log scale, ticked in the parameter's units),
    a banded one by its labels."""
    if axis["kind"] == "category":
        labels = [plain(label) for label in axis["labels"]]
        return labels, {"type": "category", "categoryorder": "array", "categoryarray": labels}
    edges = np.asarray(axis["edges"], dtype=float)
    if axis.get("scale") != "log":
        return list(edges), {"type": "linear"}
    logs = np.log10(edges)
    powers = np.arange(np.ceil(logs[0] - 1e-9), np.floor(logs[-1] + 1e-9) + 1)
    ticks = {
        "tickvals": list(powers),
        "ticktext": [
            f"{10**p:.0e}".replace("e+00", "").replace("e-0", "e-").replace("e+0", "e")
            for p in powers
        ],
    }
    return list(logs), {"type": "linear", **ticks}


def _cell_span(at: list, index: int, axis: dict) -> tuple:
    if axis["kind"] == "category":
        return index - 0.5, index + 0.5
    return at[index], at[index + 1]


def _pair_value(value, axis: dict):
    if axis["kind"] == "category":
        if "values" in axis and isinstance(value, (int, float)):
            return plain(axis["labels"][int(np.argmin(np.abs(np.array(axis["values"]) - value)))])
        return plain(value)
    return float(np.log10(value)) if axis.get("scale") == "log" else value


def parallel_coordinates(
    frame: pd.DataFrame,
    metric: str,
    params: Sequence[str],
    *,
    kinds: dict[str, str],
    goal: str,
):
    """A parallel coordinates figure of ``params`` and ``metric`` over the runs with a finite
    metric, lines coloured by the metric (best runs yellow). Log-scaled parameters get a
    log10 axis labelled with the values themselves; categorical and boolean ones an axis with
    one labelled tick per value; constants and identifiers are left out (``kinds`` maps each
    parameter to its kind, as in :func:`hpviz.importance_table`)."""
    import plotly.graph_objects as go

    target, _ = target_values(frame[metric], metric)
    ranked = np.argsort(target.to_numpy(dtype=float), kind="stable")
    if goal == "maximize":
        ranked = ranked[::-1]
    n_runs = len(target)
    if n_runs > MAX_FIGURE_RUNS:  # the best tenth of the budget, then an even sample of the rest
        best = ranked[: MAX_FIGURE_RUNS // 10]
        rest = np.random.default_rng(0).choice(
            ranked[MAX_FIGURE_RUNS // 10 :], MAX_FIGURE_RUNS - len(best), replace=False
        )
        target = target.iloc[np.sort(np.concatenate([best, rest]))]
    rows = target.index
    dimensions = []
    for name in params:
        kind = kinds.get(name, "numeric")
        if kind in ("constant", "identifier", "empty"):
            continue
        series = frame.loc[rows, name]
        if kind == "numeric":
            values = as_numeric(series, words=True)
            if values is None:  # (words among the sampled runs only: nothing to draw)
                continue
            values[~np.isfinite(values)] = np.nan
            if is_log_scale(values):
                logs = np.log10(values)
                ticks = np.arange(np.floor(np.nanmin(logs)), np.ceil(np.nanmax(logs)) + 1)
                dimensions.append(
                    {
                        "label": f"{plain(name)} (log)",
                        "values": logs,
                        "tickvals": ticks,
                        "ticktext": [f"{10**t:g}" for t in ticks],
                    }
                )
            else:
                dimensions.append({"label": plain(name), "values": values})
        else:
            labels = series.map(category_label)
            order = sorted(labels.unique(), key=lambda v: (v.lower(), v))
            code = {v: i for i, v in enumerate(order)}
            dimensions.append(
                {
                    "label": plain(name),
                    "values": labels.map(code).to_numpy(dtype=float),
                    "tickvals": list(range(len(order))),
                    "ticktext": [plain(v) for v in order],
                }
            )
    y = target.to_numpy(dtype=float)
    dimensions.append({"label": plain(metric), "values": y})
    colorscale = "Viridis_r" if goal == "minimize" else "Viridis"
    figure = go.Figure(
        go.Parcoords(
            line={
                "color": y,
                "colorscale": colorscale,
                "showscale": True,
                "colorbar": {"title": plain(metric)},
            },
            dimensions=dimensions,
        )
    )
    title = f"Parallel coordinates: {plain(metric)} ({goal})"
    figure.update_layout(title=title + _sample_note(len(y), n_runs), template="plotly_white")
    return figure


def _sample_note(shown: int, total: int) -> str:
    """`` (5 000 of 80 000 runs drawn)`` when a figure draws a sample of the runs."""
    return f" ({shown:,} of {total:,} runs drawn)".replace(",", "\u2009") if shown < total else ""


def history_figure(history: pd.DataFrame, *, metric: str):
    """Importance against runs analysed, one line (with markers) per parameter, from a panel's
    :attr:`~hpviz.ImportancePanel.history` (runs analysed → importance per parameter), the
    legend in the order of the last row's importances. Empty, with a title saying so, before
    anything was shown."""
    import plotly.graph_objects as go

    figure = go.Figure()
    last = history.iloc[-1] if len(history) else pd.Series(dtype=float)
    order = sorted(history.columns, key=lambda p: (-np.nan_to_num(last.get(p, np.nan)), str(p)))
    for name in order:
        figure.add_trace(
            go.Scatter(
                x=history.index.to_numpy(),
                y=history[name].to_numpy(dtype=float),
                mode="lines+markers",
                name=plain(name),
                hovertemplate=f"{plain(name)}<br>%{{x}} runs: %{{y:.3f}}<extra></extra>",
            )
        )
    title = f"Importance for {plain(metric)} as runs arrived"
    if history.empty:
        title += " (nothing shown yet)"
    figure.update_layout(
        title=title,
        xaxis_title="runs analysed",
        yaxis_title="importance",
        yaxis_rangemode="tozero",
        template="plotly_white",
        legend_title="parameter",
    )
    return figure
