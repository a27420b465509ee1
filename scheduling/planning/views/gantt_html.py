"""The bars of a Gantt row as HTML, built in Python: a month holds thousands of bars, and a template loop with
filters and ``{% url %}`` per bar took seconds; this takes milliseconds. Every value is escaped.

Each planned bar carries its label in three lengths (the page's script keeps the longest that fits, so a narrow bar
shows "…012" rather than "PLN-0"), a fill for the share made, and, once the floor started the stage, an actual bar
under it from the actual start to the finish (or to now). The same facts are listed in a table for screen readers
and for bars too narrow to read."""

from __future__ import annotations

import datetime as dt
from html import escape
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.services.localtime import to_local

from ..models.schedule import OperationStatus
from ..services.analysis import GanttBar, GanttRow


def short_number(number: str) -> str:
    """The distinguishing end of an order number: "PLN-00123" -> "…123" (leading zeros of the last part dropped),
    a number without a separator stays whole."""
    head, sep, tail = number.rpartition("-")
    if not sep or not head:
        return number
    return "…" + (tail.lstrip("0") or tail)


def _when(value: dt.datetime) -> str:
    return f"{value.day}/{value.month} {value.hour:02d}:{value.minute:02d}"


def _span(start: dt.datetime, end: dt.datetime) -> str:
    return f"{_when(start)}–{_when(end)}"


def actual_text(bar: GanttBar, zone: ZoneInfo) -> str:
    """What the floor did, in plant time: "actual 2/3 06:10–now · 40 of 200 made (20 %)"."""
    if bar.actual_start is None:
        return _("not started")
    start = _when(to_local(bar.actual_start, zone))
    end = _when(to_local(bar.actual_end, zone)) if bar.status == OperationStatus.DONE else _("now")
    text = _("actual %(start)s–%(end)s") % {"start": start, "end": end}
    if bar.status == OperationStatus.PAUSED:
        text += " (" + _("paused") + ")"
    made = _("%(made)s of %(units)s made (%(share)s %%)") % {
        "made": bar.made, "units": bar.units, "share": round(bar.made_share)}
    return f"{text} · {made}"


def bars_html(rows: list[GanttRow], zone: ZoneInfo) -> dict[str, SafeString]:
    order_url = reverse("planning:order", args=[0])[:-2]  # ".../orders/" + id + "/"
    move_url = reverse("planning:move", args=[0])[:-len("0/move/")]
    html: dict[str, SafeString] = {}
    for row in rows:
        parts = []
        for bar in row.bars:
            start, end = to_local(bar.start, zone), to_local(bar.end, zone)
            css = ("gantt-bar" + (" conflict" if bar.conflict else "") + (" late" if bar.late else "")
                   + ("" if bar.status == OperationStatus.PLANNED else f" {bar.status}"))
            title = (f"{bar.order} · {bar.sequence}. {bar.stage} · {_span(start, end)} · {bar.units} · "
                     f"{actual_text(bar, zone)}")
            fill = (f'<span class="gantt-fill" data-share="{bar.made_share}"></span>'
                    if bar.actual_start is not None else "")
            parts.append(
                f'<a class="{css}" draggable="false" href="{order_url}{bar.order_id}/" data-id="{bar.id}" '
                f'data-left="{bar.left}" '
                f'data-width="{bar.width}" data-start="{start.isoformat()}" data-end="{end.isoformat()}" '
                f'data-move="{move_url}{bar.id}/move/" data-type="{escape(bar.machine_type)}" '
                f'data-number="{escape(bar.order)}" data-short="{escape(short_number(bar.order))}" '
                f'title="{escape(title)}" aria-label="{escape(f"{bar.order} · {bar.sequence}. {bar.stage}")}">{fill}'
                f'<span class="gantt-text">{escape(bar.order)} {escape(bar.stage)}</span></a>')
            if bar.actual_start is not None:
                parts.append(
                    f'<span class="gantt-actual {bar.status}" data-id="{bar.id}" data-left="{bar.actual_left}" '
                    f'data-width="{bar.actual_width}" data-made="{bar.made}" '
                    f'title="{escape(f"{bar.order} {bar.stage} · {actual_text(bar, zone)}")}"></span>')
        html[row.key] = mark_safe("".join(parts))  # noqa: S308 - built from escaped values above
    return html


def stage_list_html(rows: list[GanttRow], zone: ZoneInfo) -> SafeString:
    """Every bar of the window as a table row (order, stage, where, planned, actual, made): the accessible twin of
    the chart, and the full text of labels too narrow to read."""
    order_url = reverse("planning:order", args=[0])[:-2]
    body = []
    for row in rows:
        for bar in sorted(row.bars, key=lambda b: (b.start, b.id)):
            planned = _span(to_local(bar.start, zone), to_local(bar.end, zone))
            if bar.actual_start is None:
                actual, made = _("not started"), ""
            else:
                end = (_when(to_local(bar.actual_end, zone)) if bar.status == OperationStatus.DONE
                       else _("now"))
                actual = f"{_when(to_local(bar.actual_start, zone))}–{end}"
                made = f"{bar.made} / {bar.units} ({round(bar.made_share)} %)"
            body.append(
                f'<tr data-id="{bar.id}"><td><a href="{order_url}{bar.order_id}/">{escape(bar.order)}</a></td>'
                f"<td>{bar.sequence}. {escape(bar.stage)}</td><td>{escape(row.label)}</td><td>{planned}</td>"
                f"<td>{escape(actual)}</td><td>{escape(made)}</td></tr>")
    return mark_safe("".join(body))  # noqa: S308 - built from escaped values above
