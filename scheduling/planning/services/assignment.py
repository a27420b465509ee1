"""Who works a planned stage: an operator or a crew (a department), set by planners (audited on the operation)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from portal.models import Department
from portal.roles import WORK_OPERATIONS

from ..models import Operation
from .schedule import PlanRefused


def assignable_operators() -> QuerySet:
    """Active users who may work operations on the phone (the capability by its name, from the role matrix)."""
    app, codename = WORK_OPERATIONS.split(".")
    User = get_user_model()
    holds = (User.objects.filter(groups__permissions__codename=codename,
                                 groups__permissions__content_type__app_label=app)
             | User.objects.filter(user_permissions__codename=codename,
                                   user_permissions__content_type__app_label=app))
    return User.objects.filter(is_active=True, pk__in=holds.values("pk")).order_by("first_name", "last_name",
                                                                                  "username")


def assign_operation(operation: Operation, *, operator=None, crew: Department | None = None) -> Operation:
    """Assign ``operation`` to ``operator`` and/or ``crew`` (None clears); refused for a finished one or an
    operator who cannot work operations. The change is in the operation's audit trail (who, when, from, to)."""
    if operation.status == "done":
        raise PlanRefused(_("This operation is finished; its assignment stays as it was."))
    if operator is not None and not assignable_operators().filter(pk=operator.pk).exists():
        raise PlanRefused(_("%(user)s cannot work operations on the phone.") % {"user": operator})
    if crew is not None and not crew.active:
        raise PlanRefused(_("The crew %(crew)s is no longer active.") % {"crew": crew})
    operation.operator, operation.crew = operator, crew
    operation.save(update_fields=["operator", "crew"])
    return operation
