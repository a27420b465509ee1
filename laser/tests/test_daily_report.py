"""The daily report: the previous shop day's figures, one row per day whatever fires twice, "Generate now", the
page, .txt and PDF, and beat's 07:30 in the shop's zone across a DST change of the server's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from laser import tasks
from laser.models import DailyReport, LaserRun
from laser.services.reports import build_report_data, generate_daily_report, previous_day
from laser.services.runs import end_run, start_run
from portal.periodic import collect_periodic_tasks, sync_periodic_tasks

JHB = ZoneInfo("Africa/Johannesburg")


@pytest.fixture(autouse=True)
def _report_days_may_be_old(settings):
    """The report's days are fixed dates: floor times may be entered that far back (a real shop: 366 days)."""
    settings.FLOOR_BACKDATE_DAYS = 36600


def _run(shop, key, started, ended, sheets, parts=10, operator=None, machine=None, extras=()):
    operator = operator or shop["operator"]
    run, _ = start_run(project=shop["project"], machine=machine or shop["machine"],
                       operator=operator, extra_operators=extras, key=key, at=started)
    return end_run(run=run, sheets_used=sheets, parts_cut=parts, user=operator, key=f"{key}-end", at=ended)[0]


def test_report_counts_the_shop_day_by_operator_machine_and_material(shop):
    day = dt.date(2026, 11, 27)
    at = lambda h, m=0: dt.datetime(2026, 11, 27, h, m, tzinfo=JHB)  # noqa: E731
    _run(shop, "a", at(0, 10), at(0, 50), 2, extras=[shop["helper"]])  # 22:50 UTC the day before: still 27th
    _run(shop, "b", at(9), at(10), 3, operator=shop["manager"], machine=shop["machines"][1])
    _run(shop, "c", at(23), at(23, 59), 1)
    _run(shop, "d", at(23, 30), dt.datetime(2026, 11, 28, 0, 5, tzinfo=JHB), 4)  # ended the next day
    data = build_report_data(day, now=dt.datetime(2026, 11, 28, 7, 30, tzinfo=JHB))
    assert data["totals"] == {"runs": 3, "sheets": 6, "parts": 30}
    # The helper without a login is among the operators, with the figures of the run they were named on.
    assert {r["operator"]: (r["runs"], r["sheets"], r.get("helper", False)) for r in data["by_operator"]} == {
        shop["operator"].get_full_name(): (2, 3, False), shop["manager"].get_full_name(): (1, 3, False),
        "Sipho (helper)": (1, 2, True)}
    assert [(r["machine"].split(" ")[0], r["runs"]) for r in data["by_machine"]] == [("LZ-1", 2), ("LZ-2", 1)]
    assert data["by_material"] == [{"material": "Mild steel", "thickness": "3.0", "sheet_size": "3000x1500",
                                    "sheets": 6, "runs": 3}]
    assert data["low_stock"] == [{"item": str(shop["item"]), "quantity": 0, "minimum": 5}]  # 10 - 10 sheets


def test_generating_twice_for_one_day_stores_one(shop):
    now = dt.datetime(2026, 11, 28, 7, 30, tzinfo=JHB)
    first, created = generate_daily_report(now=now)
    second, created_again = generate_daily_report(now=now + dt.timedelta(seconds=2))
    assert created and not created_again and first.pk == second.pk
    assert first.day == dt.date(2026, 11, 27) == previous_day(now)
    assert DailyReport.objects.count() == 1
    # "Generate now" stores a second version beside the scheduled one, which keeps what it said at 07:30.
    _run(shop, "late", dt.datetime(2026, 11, 27, 15, tzinfo=JHB), dt.datetime(2026, 11, 27, 16, tzinfo=JHB), 2)
    again, created = generate_daily_report(now=now + dt.timedelta(hours=1), user=shop["manager"], new_version=True)
    assert created and again.pk != first.pk and (again.version, again.data["totals"]["runs"]) == (2, 1)
    first.refresh_from_db()
    assert first.version == 1 and first.data["totals"]["runs"] == 0 and first.generated_by is None
    assert DailyReport.objects.count() == 2


def test_the_task_stores_yesterday_once(shop):
    first = tasks.generate_daily_report.delay().get()
    second = tasks.generate_daily_report.delay().get()
    assert first["created"] and not second["created"] and first["report"] == second["report"]
    assert DailyReport.objects.count() == 1


def test_report_text_lists_every_section(shop):
    _run(shop, "a", dt.datetime(2026, 11, 27, 9, tzinfo=JHB), dt.datetime(2026, 11, 27, 10, tzinfo=JHB), 7)
    report, _ = generate_daily_report(dt.date(2026, 11, 27), now=dt.datetime(2026, 11, 28, 7, 30, tzinfo=JHB))
    text = report.text
    assert text.startswith("LASER DAILY REPORT 2026-11-27")
    assert "Runs completed: 1   Sheets used: 7" in text
    assert "Mild steel 3.0 mm 3000x1500: 7" in text
    assert f"{shop['item']}: 3 (minimum 5)" in text


@pytest.mark.django_db
def test_the_schedule_is_0730_in_the_shop_zone_not_the_servers(settings, shop):
    settings.CELERY_TIMEZONE = "America/Chicago"
    spec = next(s for s in collect_periodic_tasks() if s.task == "laser.tasks.generate_daily_report")
    assert (spec.crontab, spec.timezone) == ("30 7 * * *", "Africa/Johannesburg")
    sync_periodic_tasks([spec])
    crontab = PeriodicTask.objects.get(name=spec.name).crontab
    assert (crontab.minute, crontab.hour, str(crontab.timezone)) == ("30", "7", "Africa/Johannesburg")


@pytest.mark.django_db
def test_beat_fires_at_0730_johannesburg_across_the_servers_dst_change(settings, shop):
    """Beat's own due-time logic (django-celery-beat's zone-aware crontab, as the scheduler reads the row),
    stepped through ten days around Chicago's fall-back (1 Nov 2026) and, separately, spring-forward."""
    settings.CELERY_TIMEZONE = "America/Chicago"
    spec = next(s for s in collect_periodic_tasks() if s.task == "laser.tasks.generate_daily_report")
    sync_periodic_tasks([spec])
    schedule = PeriodicTask.objects.get(name=spec.name).crontab.schedule
    chicago = ZoneInfo("America/Chicago")
    for start in (dt.datetime(2026, 10, 28, 12, tzinfo=dt.UTC), dt.datetime(2027, 3, 10, 12, tzinfo=dt.UTC)):
        fake_now = [start]
        schedule.nowfun = lambda clock=fake_now: clock[0]
        last = start
        fired: list[dt.datetime] = []
        while fake_now[0] < start + dt.timedelta(days=10):
            due, wait = schedule.is_due(last)
            if due:
                fired.append(fake_now[0])
                last = fake_now[0]
            fake_now[0] += dt.timedelta(seconds=min(max(wait, 1), 300))  # beat sleeps at most 5 minutes
        local = [f.astimezone(JHB) for f in fired]
        assert len(fired) == 10
        assert all((t.hour, t.minute) == (7, 30) for t in local), local
        assert len({t.date() for t in local}) == 10
        # In the server's zone the same moments move by an hour at the change: the schedule did not follow it.
        assert len({(f.astimezone(chicago).hour) for f in fired}) == 2


def test_report_pages_txt_and_pdf(client, shop):
    _run(shop, "a", dt.datetime(2026, 11, 27, 9, tzinfo=JHB), dt.datetime(2026, 11, 27, 10, tzinfo=JHB), 2)
    generate_daily_report(dt.date(2026, 11, 27), now=dt.datetime(2026, 11, 28, 7, 30, tzinfo=JHB))
    client.force_login(shop["manager"])
    page = client.get(reverse("laser:report", args=["2026-11-27"]))
    assert page.status_code == 200 and b"Mild steel" in page.content
    txt = client.get(reverse("laser:report-txt", args=["2026-11-27"]))
    assert txt["Content-Type"].startswith("text/plain") and b"LASER DAILY REPORT 2026-11-27" in txt.content
    assert b"Version 1, generated 2026-11-28 07:30 SAST by the schedule" in txt.content
    assert 'filename="laser-daily-2026-11-27-v1.txt"' in txt["Content-Disposition"]
    pdf = client.get(reverse("laser:report-pdf", args=["2026-11-27"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="laser-daily-2026-11-27-v1.pdf"' in pdf["Content-Disposition"]
    assert client.get("/laser/reports/2026-13-45/").status_code == 404
    assert client.get(reverse("laser:report", args=["2026-11-20"])).status_code == 404


def test_generate_now_makes_a_new_version_of_any_past_day_beside_the_scheduled_one(client, shop):
    """Issue 30 §7: a past day (not only yesterday) regenerated by a manager is version 2, beside the 07:30 one;
    both stay readable, each stamped with when and by whom, and their exports name the version."""
    day = dt.date(2026, 11, 20)
    _run(shop, "a", dt.datetime(2026, 11, 20, 9, tzinfo=JHB), dt.datetime(2026, 11, 20, 10, tzinfo=JHB), 2)
    scheduled, _ = generate_daily_report(day, now=dt.datetime(2026, 11, 21, 7, 30, tzinfo=JHB))
    _run(shop, "b", dt.datetime(2026, 11, 20, 14, tzinfo=JHB), dt.datetime(2026, 11, 20, 15, tzinfo=JHB), 3)
    client.force_login(shop["manager"])
    response = client.post(reverse("laser:report-generate"), {"day": "2026-11-20"})
    second = DailyReport.objects.get(day=day, version=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("laser:report-version", args=[day, 2])
    assert second.generated_by == shop["manager"] and second.data["totals"]["sheets"] == 5
    scheduled.refresh_from_db()
    assert scheduled.data["totals"]["sheets"] == 2 and scheduled.generated_by is None
    page = client.get(reverse("laser:report", args=[day])).content.decode()  # the day's newest version
    assert "version 2" in page and shop["manager"].username in page and "v1" in page
    first_txt = client.get(reverse("laser:report-version-txt", args=[day, 1]))
    assert b"Version 1, generated 2026-11-21 07:30 SAST by the schedule" in first_txt.content
    second_txt = client.get(reverse("laser:report-version-txt", args=[day, 2]))
    assert b"Version 2, generated" in second_txt.content
    assert shop["manager"].get_full_name().encode() in second_txt.content
    assert 'laser-daily-2026-11-20-v2.txt' in second_txt["Content-Disposition"]
    listing = client.get(reverse("laser:reports")).content.decode()
    assert listing.count("2026-11-20") >= 2


def test_generate_now_refuses_today_and_a_bad_day(client, shop):
    from laser.services import shop_today

    client.force_login(shop["manager"])
    today = client.post(reverse("laser:report-generate"), {"day": shop_today().isoformat()})
    assert today.status_code == 400 and "Choose a past day" in today.content.decode()
    assert client.post(reverse("laser:report-generate"), {"day": "2026-02-30"}).status_code == 400
    assert not DailyReport.objects.exists()


def test_generate_now_button(client, shop):
    client.force_login(shop["manager"])
    response = client.post(reverse("laser:report-generate"))  # no day: yesterday
    report = DailyReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("laser:report-version", args=[report.day, 1])
    client.post(reverse("laser:report-generate"))
    assert DailyReport.objects.filter(day=report.day).count() == 2
    client.force_login(shop["operator"])
    assert client.post(reverse("laser:report-generate")).status_code == 403
    assert LaserRun.objects.count() == 0
