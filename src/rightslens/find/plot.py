"""Draw a trend: a PNG or SVG picture (matplotlib), or one self-contained HTML page.

matplotlib is imported only here, inside the drawing function (it is an optional
dependency, and slow to import). The HTML page holds the chart as inline SVG
and the table of counts: no script, no CDN, nothing fetched when opened.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from rightslens.errors import RightslensError
from rightslens.find.trend import Trend

PLOT_SUFFIXES = (".png", ".svg", ".html")
# More lines than this make a chart unreadable: the largest series are drawn.
MAX_SERIES = 8

Series = tuple[str, list[int], list[float]]


def plot_trend(trend: Trend, path: str | Path) -> Path:
    """Write the trend as a chart to ``path``; the format follows its suffix."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in PLOT_SUFFIXES:
        raise RightslensError(
            f"cannot draw {target.name!r}: use a file ending in {', '.join(PLOT_SUFFIXES)}"
        )
    if not trend.rows:
        raise RightslensError("nothing to draw: the trend has no rows")
    if suffix == ".html":
        target.write_text(_html_page(trend, _figure_bytes(trend, "svg").decode("utf-8")), "utf-8")
    else:
        target.write_bytes(_figure_bytes(trend, suffix.lstrip(".")))
    return target


def series(trend: Trend) -> list[Series]:
    """The lines of a trend: (label, years, counts), the largest first.

    Counting all event types over several publishers, a line is one type of one
    publisher; otherwise one column. Years without a report are left out of a line.
    """
    publishers = sorted({row.publisher for row in trend.rows if row.publisher is not None})
    lines: list[Series] = []
    for column in trend.columns:
        for publisher in publishers or [None]:
            points = [
                (row.year, row.values[column])
                for row in trend.rows
                if row.publisher == publisher and row.values.get(column) is not None
            ]
            if not points:
                continue
            label = column if len(publishers) < 2 else f"{column} ({publisher})"
            lines.append((label, [y for y, _ in points], [float(v or 0) for _, v in points]))
    lines.sort(key=lambda line: -sum(line[2]))
    return lines


def _figure_bytes(trend: Trend, image_format: str) -> bytes:
    """The chart as PNG or SVG bytes: years as whole numbers on x, counts on y, a legend."""
    try:
        import matplotlib
    except ImportError as error:
        raise RightslensError("charts need matplotlib: pip install 'rightslens[plot]'") from error

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    every_line = series(trend)
    lines = every_line[:MAX_SERIES]
    legend = _legend_title(trend)
    if len(every_line) > len(lines):
        legend += f" (largest {len(lines)} of {len(every_line)})"
    years = sorted({row.year for row in trend.rows})
    figure, axes = pyplot.subplots(figsize=(11, 5), dpi=120)
    try:
        for label, xs, ys in lines:
            axes.plot(xs, ys, marker="o", linewidth=2, label=label)
        axes.set_title(trend.title, fontsize=13)
        axes.set_xlabel("Year covered by the report")
        axes.set_ylabel(_y_label(trend))
        if len(years) <= 15:
            axes.set_xticks(years, [str(year) for year in years])
        else:
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        if len(years) == 1:
            axes.set_xlim(years[0] - 1, years[0] + 1)
        axes.grid(True, alpha=0.3)
        axes.legend(title=legend, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1))
        figure.tight_layout()
        buffer = io.BytesIO()
        # An SVG without a creation date: the same trend draws the same file.
        metadata = {"Date": None} if image_format == "svg" else None
        figure.savefig(buffer, format=image_format, metadata=metadata)
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


def _y_label(trend: Trend) -> str:
    return {
        "events": "Events reported",
        "mentions": "Mentions",
        "paragraphs": "Paragraphs",
    }[trend.measure]


def _legend_title(trend: Trend) -> str:
    if trend.measure == "events" and "event_type" not in trend.filters:
        return "Event type"
    return "Publisher"


def _html_page(trend: Trend, svg: str) -> str:
    """A standalone page: the title, the chart as inline SVG, and the counts as a table."""
    svg = svg[svg.index("<svg") :]
    with_publisher = any(row.publisher for row in trend.rows)
    head = ["Year", *(["Publisher"] if with_publisher else []), *trend.columns]
    body = []
    for row in trend.rows:
        cells = [str(row.year), *([row.publisher or ""] if with_publisher else [])]
        cells += ["" if row.values[c] is None else str(row.values[c]) for c in trend.columns]
        body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    title = html.escape(trend.title)
    filters = ", ".join(f"{k}: {v}" for k, v in trend.filters.items()) or "none"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }}
th {{ background: #f3f3f3; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>Country: {html.escape(trend.country_name)} ({html.escape(trend.country)}).
Filters: {html.escape(filters)}. An empty cell: no report for that year.</p>
{svg}
<table>
<thead><tr>{"".join(f"<th>{html.escape(h)}</th>" for h in head)}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</body>
</html>
"""
