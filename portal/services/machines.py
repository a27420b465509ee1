"""A machine typed or scanned on a floor page, resolved within the line being recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.models import Machine, ProductionLine


def machine_on_line(line: ProductionLine, code: str, field: str = "machine") -> Machine | None:
    """The active machine ``code`` (any case, spaces ignored) of ``line``; None for an empty code.

    Raises ValidationError on ``field`` for a code that is not one of the line's active machines, naming the line.
    """
    code = (code or "").strip()
    if not code:
        return None
    machine = Machine.objects.filter(line=line, code__iexact=code, active=True).first()
    if machine is None:
        raise ValidationError({field: _("Line %(line)s has no machine %(code)s.") % {"line": line.code,
                                                                                      "code": code.upper()}})
    return machine


def check_machine_on_line(machine: Machine | None, line: ProductionLine, field: str = "machine") -> None:
    """Refuse a machine of another line, or a deactivated one (an API caller or a stale page may send either):
    the one rule for every page, API and import that records a machine."""
    if machine is None:
        return
    if machine.line_id != line.pk:
        raise ValidationError({field: _("%(machine)s is not a machine of line %(line)s.") % {
            "machine": machine.code, "line": line.code}})
    if not machine.active:
        raise ValidationError({field: _("%(machine)s is deactivated: pick an active machine of line %(line)s.") % {
            "machine": machine.code, "line": line.code}})
