"""Machine signals (docs/machine-signals.md): where a machine's controller publishes, what it said, and what the
portal made of it (counts per minute, the stops it detected).

* ``SignalSource``: the topic map of one machine (MQTT, plain JSON or Sparkplug B), its rollover modulus and
  silence limit, and the listener's running state of it (current state, last counters, last message).
* ``SignalMessage``: every message once (unique per machine and message id): a redelivery or a replay after a
  restart is recognised and skipped, never counted twice.
* ``MachineCount``: good, reject and cycle counts per machine and minute (the plant's period is read from it).
* ``DetectedStop``: a stopped or faulted period of a machine, with the downtime event it became (or marked a
  micro-stop when shorter than its line's threshold).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .plant import Machine

OPCUA_FIELDS = ("state", "fault", "good_total", "reject_total", "good", "reject", "cycles")


class SignalSource(models.Model):
    class Payload(models.TextChoices):
        JSON = "json", _("plain JSON")
        SPARKPLUG = "sparkplug", _("Sparkplug B")
        OPCUA = "opcua", _("OPC UA nodes")

    class State(models.TextChoices):
        UNKNOWN = "", _("unknown")
        RUNNING = "running", _("running")
        STOPPED = "stopped", _("stopped")
        FAULTED = "faulted", _("faulted")

    machine = models.OneToOneField(Machine, models.CASCADE, related_name="signal_source", verbose_name=_("machine"))
    enabled = models.BooleanField(_("enabled"), default=True)
    payload = models.CharField(_("payload"), max_length=12, choices=Payload.choices, default=Payload.JSON)
    state_topic = models.CharField(
        _("state topic"), max_length=200, unique=True, null=True, blank=True,
        help_text=_("MQTT topic the controller publishes this machine's state on (and its counts, unless a counts "
                    "topic is given), e.g. plant/L1/PRESS-1. Sparkplug B: spBv1.0/<group>/DDATA/<node>/<device>."),
    )
    count_topic = models.CharField(
        _("counts topic"), max_length=200, blank=True,
        help_text=_("Optional: a separate topic for good/reject counts and cycle completions."),
    )
    opcua_endpoint = models.CharField(
        _("OPC UA endpoint"), max_length=200, blank=True,
        help_text=_("OPC UA only: the server's address, e.g. opc.tcp://10.0.0.5:4840."),
    )
    opcua_nodes = models.JSONField(
        _("OPC UA nodes"), default=dict, blank=True,
        help_text=_('OPC UA only: which node holds what, e.g. {"state": "ns=2;s=Press1.State", "good_total": '
                    '"ns=2;s=Press1.Good", "fault": "ns=2;s=Press1.Fault"}. Keys: state, fault, good_total, '
                    'reject_total, good, reject, cycles.'),
    )
    counter_modulus = models.PositiveBigIntegerField(
        _("counter rollover"), default=2**32,
        help_text=_("The controller's counters wrap to 0 at this value (65536 for a 16-bit counter)."),
    )
    silence_seconds = models.PositiveIntegerField(
        _("no signal after (seconds)"), default=60,
        help_text=_("Without any message for this long the machine shows “no signal”, whatever it said last."),
    )
    # The listener's running view of the machine (not configuration).
    state = models.CharField(_("state"), max_length=10, choices=State.choices, blank=True, default="",
                             editable=False)
    state_since = models.DateTimeField(_("state since"), null=True, blank=True, editable=False)
    state_at = models.DateTimeField(null=True, blank=True, editable=False)  # time of the latest state message
    fault_code = models.CharField(_("fault code"), max_length=40, blank=True, editable=False)
    good_total = models.BigIntegerField(null=True, blank=True, editable=False)  # last raw counter readings
    reject_total = models.BigIntegerField(null=True, blank=True, editable=False)
    totals_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["machine__line__code", "machine__code"]
        verbose_name = _("machine signal source")
        verbose_name_plural = _("machine signal sources")

    def __str__(self) -> str:
        return str(self.machine)

    def clean(self) -> None:
        self.state_topic = (self.state_topic or "").strip() or None
        if self.payload == self.Payload.OPCUA:
            if not self.opcua_endpoint.startswith("opc.tcp://"):
                raise ValidationError({"opcua_endpoint": _("Enter the server's address, opc.tcp://host:port.")})
            nodes = self.opcua_nodes if isinstance(self.opcua_nodes, dict) else {}
            unknown = set(nodes) - set(OPCUA_FIELDS)
            if not nodes or unknown or not all(isinstance(v, str) and v for v in nodes.values()):
                raise ValidationError({"opcua_nodes": _("Map at least one of %(fields)s to a node id.") % {
                    "fields": ", ".join(OPCUA_FIELDS)}})
            return
        if not self.state_topic:
            raise ValidationError({"state_topic": _("Enter the topic the controller publishes on.")})
        if self.count_topic and self.count_topic == self.state_topic:
            self.count_topic = ""
        for name in ("state_topic", "count_topic"):
            value = getattr(self, name)
            if any(char in value for char in "#+") or value.startswith("/") or " " in value:
                raise ValidationError({name: _("Enter one topic without wildcards (#, +), spaces or a leading /.")})
        if self.count_topic and SignalSource.objects.exclude(pk=self.pk).filter(
                models.Q(state_topic=self.count_topic) | models.Q(count_topic=self.count_topic)).exists():
            raise ValidationError({"count_topic": _("Another machine already uses this topic.")})
        if self.counter_modulus < 2:
            raise ValidationError({"counter_modulus": _("Enter the value the counter wraps at (2 or more).")})


class SignalMessage(models.Model):
    """One message of a machine, stored once: the idempotency of ingestion rests on (machine, message_id)."""

    machine = models.ForeignKey(Machine, models.CASCADE, related_name="+", verbose_name=_("machine"))
    message_id = models.CharField(_("message id"), max_length=100)
    at = models.DateTimeField(_("time"))  # the controller's time (the period it belongs to), UTC
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    body = models.JSONField(_("content"))

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["machine", "message_id"], name="uniq_signal_message")]
        indexes = [models.Index(fields=["machine", "at"], name="signal_message_machine_at")]
        verbose_name = _("machine signal message")
        verbose_name_plural = _("machine signal messages")

    def __str__(self) -> str:
        return f"{self.machine_id} {self.message_id}"


class MachineCount(models.Model):
    """Counts of one machine in one minute (UTC, the minute the controller stamped): OEE and the andon read these."""

    machine = models.ForeignKey(Machine, models.CASCADE, related_name="+", verbose_name=_("machine"))
    line_id_copy = models.PositiveIntegerField(db_index=True, editable=False)  # the machine's line: one-table reads
    minute = models.DateTimeField(_("minute"))
    good = models.PositiveIntegerField(_("good"), default=0)
    reject = models.PositiveIntegerField(_("rejects"), default=0)
    cycles = models.PositiveIntegerField(_("cycles"), default=0)
    cycle_seconds = models.FloatField(_("cycle time total (s)"), default=0)
    # Good units of the minute already recorded as OUT movements of the order in progress (production ledger).
    posted = models.PositiveIntegerField(_("posted to the ledger"), default=0)

    class Meta:
        ordering = ["-minute"]
        constraints = [models.UniqueConstraint(fields=["machine", "minute"], name="uniq_machine_count_minute")]
        indexes = [models.Index(fields=["line_id_copy", "minute"], name="machine_count_line_minute"),
                   models.Index(fields=["minute"], name="machine_count_minute")]
        verbose_name = _("machine count")
        verbose_name_plural = _("machine counts")

    def __str__(self) -> str:
        return f"{self.machine_id} {self.minute:%Y-%m-%d %H:%M} +{self.good}/-{self.reject}"


class DetectedStop(models.Model):
    """A period a machine reported itself stopped or faulted (closed when it ran again)."""

    machine = models.ForeignKey(Machine, models.CASCADE, related_name="+", verbose_name=_("machine"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    fault_code = models.CharField(_("fault code"), max_length=40, blank=True)
    micro = models.BooleanField(_("micro-stop"), default=False)
    # The downtime event it became (an id: the core does not depend on the downtime app); null while pending.
    event_id = models.PositiveIntegerField(_("downtime event"), null=True, blank=True)
    error = models.CharField(_("not recorded because"), max_length=500, blank=True)

    class Meta:
        ordering = ["-start"]
        constraints = [models.UniqueConstraint(fields=["machine", "start"], name="uniq_detected_stop_start")]
        indexes = [models.Index(fields=["micro", "event_id"], name="detected_stop_pending")]
        verbose_name = _("machine-detected stop")
        verbose_name_plural = _("machine-detected stops")

    def __str__(self) -> str:
        return f"{self.machine_id} {self.start:%Y-%m-%d %H:%M:%S}–{self.end:%H:%M:%S}"

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()
