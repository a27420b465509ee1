"""The andon board for a TV: opened with its link token (no sign-in, nothing else reachable), refreshes itself.

Per line: the current shift's OEE and its three factors so far (coloured by the board's thresholds), the running
or last stop with its reason and duration, and output against the target so far (the ideal rate over the
planned time elapsed). Machines with signals show their own state live: running, stopped or faulted since when,
or "no signal" when the listener has not heard from them (docs/machine-signals.md).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from downtime.services import reads
from maintenance.services import open_tickets_for_lines
from portal.machine_signals.status import statuses as signal_statuses
from portal.services.figures import fraction
from portal.services.localtime import today_local

from ..engine import oee as engine
from ..models import AndonBoard
from ..services import oee_inputs as data

MAX_TICKETS = 4  # per line: a TV read from 5 m has room for a few
# How a 1920 x 1080 TV fits every line without scrolling: up to 4 lines large (2 x 2), up to 8 dense (2 x 4), more
# denser (3 columns), each with fewer tickets; long texts end in an ellipsis (andon.css).
LAYOUTS = ((4, "", 4), (8, "andon-dense", 2), (12, "andon-denser", 1))


def _board(token: str) -> AndonBoard:
    board = AndonBoard.objects.filter(token=token, active=True).select_related("facility", "line").first()
    if board is None:
        raise Http404  # unknown or revoked link
    return board


def colour(value: float | None, board: AndonBoard) -> str:
    if value is None:
        return "none"
    if fraction(value).impossible:
        return "check"  # above 100 % or below 0: an entry is wrong, never a green fact
    percent = value * 100
    return "red" if percent < board.red_below else ("green" if percent >= board.green_from else "amber")


def line_status(line, board: AndonBoard, now: dt.datetime) -> dict:
    today = today_local(line.facility, now)
    windows = [w for w in data.windows([line], today - dt.timedelta(days=1), today)
               if w.start <= now < w.end]
    status = {"line": line, "shift": None}
    last_stop = reads.last_stop(line, now)
    if last_stop is not None:
        running = last_stop.end > now
        status["stop"] = {"running": running, "reason": str(last_stop.category),
                          "minutes": round(((now if running else last_stop.end) - last_stop.start).total_seconds()
                                           / 60),
                          "ended": last_stop.end}
    if not windows:
        return status
    window = windows[0]
    so_far = engine.Window(window.line, window.shift, window.start, now, window.ideal_rate_per_hour)
    [result] = engine.compute([so_far], reads.stop_rows([line], window.start, now),
                              data.output([line], window.start, now)[0], data.rejected([line], window.start, now))
    target = round(window.ideal_rate_per_hour * result.planned_minutes / 60)
    check = f"{reverse('production:movements')}?line={line.pk}&date_after={today}&date_before={today}"
    status.update({
        "shift": window.shift, "result": result, "target": target,
        "figures": {name: fraction(getattr(result, name), check_url=check)
                    for name in ("oee", "availability", "performance", "quality")},
        "colours": {name: colour(getattr(result, name), board)
                    for name in ("oee", "availability", "performance", "quality")},
    })
    return status


@never_cache
@login_not_required
def board(request, token: str):
    board = _board(token)
    return render(request, "production/andon/board.html", {"board": board, **_panel_context(board)})


@never_cache
@login_not_required
def panel(request, token: str):
    board = _board(token)
    return render(request, "production/andon/panel.html", {"board": board, **_panel_context(board)})


def layout(count: int) -> tuple[str, int]:
    """(css class, tickets per line) for a board of ``count`` lines."""
    for most, css, tickets in LAYOUTS:
        if count <= most:
            return css, tickets
    return "andon-densest", 1


def _panel_context(board: AndonBoard) -> dict:
    now = timezone.now()
    statuses = [line_status(line, board, now) for line in board.lines().order_by("code")]
    machines = signal_statuses([s["line"] for s in statuses], now)  # one query for the board
    for status in statuses:
        status["machines"] = machines.get(status["line"].pk, [])
    density, shown = layout(len(statuses))
    if statuses:
        tickets: dict[int, list[dict]] = {}
        for ticket in open_tickets_for_lines([s["line"].pk for s in statuses]):  # one call for the whole board
            tickets.setdefault(ticket["line_id"], []).append(
                {**ticket, "text": ticket.get("title") or ticket.get("problem") or ""})
        for status in statuses:
            # past their SLA first, otherwise maintenance's order (most urgent first); the sort is stable
            mine = sorted(tickets.get(status["line"].pk, []), key=lambda t: not t["past_sla"])
            status["tickets"], status["more_tickets"] = mine[:shown], max(len(mine) - shown, 0)
    return {"statuses": statuses, "now": now, "density": density}
