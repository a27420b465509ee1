"""The OEE report's charts as geometry for inline SVG drawn by the template: server side, no script (CSP), legible
printed or exported as a screenshot, and testable by reading the page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..engine import oee as engine

# RIGHT leaves half a date label of room: the last period label under the axis is not clipped
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 240, 44, 36, 12, 34


def _series():
    return (("oee", _("OEE"), "#0d6efd", 3), ("availability", _("Availability"), "#dc3545", 1.5),
            ("performance", _("Performance"), "#fd7e14", 1.5), ("quality", _("Quality"), "#198754", 1.5))


def trend_chart(points: list[tuple[str, engine.Result]]) -> dict | None:
    """OEE and its three factors (%) per period; a period without a figure breaks its line instead of showing 0."""
    if not points:
        return None
    values = [[None if getattr(r, name) is None else getattr(r, name) * 100 for _period, r in points]
              for name, *_rest in _series()]
    top = max([100.0, *(v for series in values for v in series if v is not None)])
    top = 20 * -(-top // 20)  # round up to a gridline
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + (i * step if len(points) > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(TOP + plot_h - v / top * plot_h, 1)

    series = []
    for (name, label, colour, stroke), series_values in zip(_series(), values, strict=True):
        segments, current = [], []
        for i, v in enumerate(series_values):
            if v is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x(i), y(v)))
        if current:
            segments.append(current)
        series.append({
            "name": name, "label": label, "colour": colour, "stroke": stroke,
            "segments": [" ".join(f"{px},{py}" for px, py in seg) for seg in segments],
            "dots": [(x(i), y(v), f"{points[i][0]}: {label} {v:.1f} %") for i, v in enumerate(series_values)
                     if v is not None] if name == "oee" else [],
        })
    every = max(1, -(-len(points) // 10))  # at most ~10 period labels under the axis
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "bottom": TOP + plot_h,
        "label_y": HEIGHT - 10, "series": series,
        "y_ticks": [(y(v), f"{v:g} %") for v in range(0, int(top) + 1, 20)],
        "x_labels": [(x(i), period) for i, (period, _r) in enumerate(points) if i % every == 0],
    }


def loss_waterfall(result: engine.Result) -> dict | None:
    """Planned production time stepping down through each loss to the fully productive time (minutes)."""
    planned = result.planned_minutes
    if planned <= 0:
        return None
    label_w, value_w, bar_h, gap = 250, 120, 24, 8
    scale = (WIDTH - label_w - value_w) / planned
    losses = ((_("Availability loss (unplanned downtime)"), result.downtime_minutes, "#dc3545"),
              (_("Performance loss: micro-stops"), result.micro_stop_minutes, "#fd7e14"),
              (_("Performance loss: speed"), result.speed_loss_minutes, "#ffc107"),
              (_("Quality loss (%(units)s units)") % {"units": result.rejected}, result.quality_loss_minutes,
               "#6f42c1"))
    bars = [(_("Planned production time"), planned, 0.0, planned, "#6c757d")]
    level = planned
    for label, minutes, colour in losses:
        loss = min(max(minutes, 0.0), level)  # performance above 100 % has no speed loss to show
        bars.append(("− " + label, minutes, level - loss, loss, colour))
        level -= loss
    bars.append(("= " + _("Fully productive time"), level, 0.0, level, "#0d6efd"))
    rows = [{"label": label, "minutes": round(minutes, 1), "x": round(label_w + start * scale, 1),
             "width": max(round(length * scale, 1), 0.5 if length > 0 else 0), "colour": colour,
             "y": i * (bar_h + gap), "text_y": i * (bar_h + gap) + bar_h * 0.7}
            for i, (label, minutes, start, length, colour) in enumerate(bars)]
    return {"width": WIDTH, "height": len(rows) * (bar_h + gap), "bar_h": bar_h, "value_x": WIDTH - value_w + 8,
            "rows": rows}
