"""Core plant data every module builds on: facilities, lines (work centers), departments, shifts, capacity."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import DeactivatableModel
from .translated import TranslatedMixin, spanish_of


def _validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone “%(tz)s”."), params={"tz": value})


def default_time_zone() -> str:
    return settings.TIME_ZONE


class Facility(TranslatedMixin, DeactivatableModel):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_es = spanish_of(_("name"), max_length=100)
    erp_code = models.CharField(
        _("ERP facility code"), max_length=20, blank=True, help_text=_("The facility's code in the ERP views.")
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=default_time_zone, validators=[_validate_time_zone],
        help_text=_("Shifts are read in this zone, e.g. America/Chicago."),
    )

    class UnknownNumbers(models.TextChoices):
        CONFIRM = "confirm", _("Ask the operator to confirm it as new")
        REFUSE = "refuse", _("Refuse it")

    # An order, job or part number a floor entry carries that the ERP and the plan do not know
    # (portal/services/plausibility.py): never created silently.
    unknown_numbers = models.CharField(
        _("unknown order or part numbers"), max_length=10, choices=UnknownNumbers.choices,
        default=UnknownNumbers.CONFIRM,
        help_text=_("What a floor entry with an order, job or part number unknown to the ERP and the plan gets."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return f"{self.code} – {self.localized_name}"

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class ProductionLine(TranslatedMixin, DeactivatableModel):
    """A production line or work center of a facility."""

    facility = models.ForeignKey(Facility, models.PROTECT, related_name="lines", verbose_name=_("facility"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    name_es = spanish_of(_("name"), max_length=100)
    erp_line_code = models.CharField(
        _("ERP work center"), max_length=20, blank=True, help_text=_("The line's work-center code in the ERP.")
    )
    usual_crew = models.PositiveSmallIntegerField(
        _("usual crew"), default=0,
        help_text=_("People who usually run the line: the crew size offered on the floor pages."),
    )
    micro_stop_seconds = models.PositiveIntegerField(
        _("micro-stop threshold (seconds)"), default=120,
        help_text=_("A machine stop reported by its signals that is shorter than this is a micro-stop (a "
                    "performance loss in OEE), not a downtime stop waiting for a reason."),
    )

    class Meta:
        ordering = ["facility__code", "code"]
        constraints = [models.UniqueConstraint(fields=["facility", "code"], name="uniq_line_code_per_facility")]
        verbose_name = _("production line")
        verbose_name_plural = _("production lines")

    def __str__(self) -> str:
        return f"{self.facility.code} / {self.code} – {self.localized_name}"


class Machine(TranslatedMixin, DeactivatableModel):
    """A machine (asset) of a production line: planning schedules stages on it, maintenance and OEE track it."""

    line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="machines", verbose_name=_("line"))
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    name_es = spanish_of(_("name"), max_length=100)
    machine_type = models.CharField(
        _("machine type"), max_length=50, blank=True, db_index=True,
        help_text=_("What the machine does, e.g. press brake or welder; routings name stages by it."),
    )

    class Meta:
        ordering = ["line__facility__code", "line__code", "code"]
        constraints = [models.UniqueConstraint(fields=["line", "code"], name="uniq_machine_code_per_line")]
        verbose_name = _("machine")
        verbose_name_plural = _("machines")

    def __str__(self) -> str:
        return f"{self.code} – {self.localized_name}"


class Department(DeactivatableModel):
    """Groups lines; modules scope what a user sees by the departments on their profile."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    lines = models.ManyToManyField(ProductionLine, blank=True, related_name="departments", verbose_name=_("lines"))
    # Who answers for the department: escalations and disputes (e.g. quality's SOP tickets) go to them.
    heads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="headed_departments", verbose_name=_("heads of department"),
        help_text=_("Escalations and disputes of this department are sent to these users."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


def _minutes(time: dt.time) -> float:
    return time.hour * 60 + time.minute + time.second / 60


class Shift(TranslatedMixin, DeactivatableModel):
    """A facility's shift. A shift whose end is not after its start runs overnight (e.g. 22:00–06:00)."""

    facility = models.ForeignKey(Facility, models.PROTECT, related_name="shifts", verbose_name=_("facility"))
    name = models.CharField(_("name"), max_length=50)
    name_es = spanish_of(_("name"), max_length=50)
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))

    class Meta:
        ordering = ["facility__code", "start_time"]
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="uniq_shift_name_per_facility")]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")

    def __str__(self) -> str:
        return f"{self.localized_name} ({self.start_time:%H:%M}–{self.end_time:%H:%M})"

    @property
    def is_overnight(self) -> bool:
        return self.end_time <= self.start_time

    @property
    def duration(self) -> dt.timedelta:
        start = dt.datetime.combine(dt.date.min, self.start_time)
        end = dt.datetime.combine(dt.date.min + dt.timedelta(days=self.is_overnight), self.end_time)
        return end - start

    def overlapping_shifts(self) -> list["Shift"]:
        """Other active shifts of the same facility whose hours overlap this shift's (overnight ones included)."""

        def spans(shift: "Shift") -> list[tuple[float, float]]:
            a, b = _minutes(shift.start_time), _minutes(shift.end_time)
            return [(a, b)] if b > a else [(a, 24 * 60), (0, b)]

        mine = spans(self)
        others = self.facility.shifts.filter(active=True).exclude(pk=self.pk)
        return [other for other in others if any(a < d and c < b for a, b in mine for c, d in spans(other))]

    def clean(self) -> None:
        if self.start_time is None or self.end_time is None or self.facility_id is None or not self.active:
            return
        clashes = self.overlapping_shifts()
        if clashes:
            raise ValidationError(
                _("This shift overlaps %(shifts)s of the same facility."),
                params={"shifts": ", ".join(str(s) for s in clashes)},
            )


class ProductionCapacity(models.Model):
    """Target output of a line per shift, the basis of schedule and capacity views."""

    line = models.ForeignKey(ProductionLine, models.PROTECT, related_name="capacities", verbose_name=_("line"))
    shift = models.ForeignKey(Shift, models.PROTECT, related_name="capacities", verbose_name=_("shift"))
    units_per_shift = models.PositiveIntegerField(_("units per shift"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["line__facility__code", "line__code", "shift__start_time"]
        constraints = [models.UniqueConstraint(fields=["line", "shift"], name="uniq_capacity_line_shift")]
        verbose_name = _("production capacity")
        verbose_name_plural = _("production capacities")

    def __str__(self) -> str:
        return f"{self.line} · {self.shift.name}: {self.units_per_shift}"

    def clean(self) -> None:
        if self.line_id and self.shift_id and self.line.facility_id != self.shift.facility_id:
            raise ValidationError({"shift": _("The shift must belong to the line's facility.")})
