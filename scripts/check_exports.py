"""Read every run table in a folder as hpviz would, and print what it made of each.

    python scripts/check_exports.py FOLDER [--top N] [--no-fit]

For each ``*.csv`` (and ``*.tsv``) file: the layout it was recognised as, how many runs were
analysed and what the notes say (unfinished runs left out …), every column grouped by role with
the reason, the default metric and whether its goal is a guess, and the top rows of the
importance table for that metric. Meant for checking the role rules on real exports by eye; it
reads local files only.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from hpviz.ingest import load_runs
from hpviz.ingest.types import ROLES


def report(path: Path, top: int, fit: bool) -> str:
    lines = [f"=== {path.name}"]
    try:
        table = load_runs(path)
    except Exception as error:  # noqa: BLE001 - a report, not a library call
        return "\n".join([*lines, f"  cannot read: {type(error).__name__}: {error}"])
    roles = table.roles
    lines.append(
        f"  layout: {table.layout}; {len(table.frame)} runs analysed; "
        f"{len(roles)} columns; {len(table.columns.params)} parameters"
    )
    for note in table.notes:
        lines.append(f"  note: {note}")
    for role in ROLES:
        rows = roles[roles["role"] == role]
        if rows.empty:
            continue
        lines.append(f"  {role} ({len(rows)}):")
        if role == "constant":
            names = list(rows["column"])
            lines.append(
                "    "
                + ", ".join(names[:12])
                + (f" … (+{len(names) - 12})" if len(names) > 12 else "")
            )
            continue
        for reason, group in rows.groupby("reason", sort=False):
            names = list(group["column"])
            shown = ", ".join(names[:12]) + (f" … (+{len(names) - 12})" if len(names) > 12 else "")
            lines.append(f"    {shown}  <- {reason}")
    metric = table.metric
    guessed = "goal GUESSED" if metric in table.guessed_goals else "goal certain"
    goal = table.goals.get(metric, "")
    lines.append(f"  default metric: {metric} ({guessed}{', ' + goal if goal else ''})")
    if fit and metric is not None and table.columns.params:
        from hpviz import importance_table

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame = importance_table(path, metric)
            for row in frame.head(top).itertuples():
                lines.append(f"    {row.parameter:<40} {row.importance:.3f}")
        except Exception as error:  # noqa: BLE001
            lines.append(f"  importance_table failed: {type(error).__name__}: {error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=5, help="importance rows to show")
    parser.add_argument("--no-fit", action="store_true", help="skip the importance table")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.folder.iterdir() if p.suffix in (".csv", ".tsv"))
    if not files:
        print(f"no .csv or .tsv files in {args.folder}", file=sys.stderr)
        return 1
    for path in files:
        print(report(path, args.top, not args.no_fit), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
