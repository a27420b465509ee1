"""A ticket past its SLA escalates through the shared rules, counted in working time (hand-computed)."""


from maintenance.models import Ticket
from maintenance.services import open_ticket
from portal.workflow.escalation import evaluate_escalations

from .conftest import local


def test_response_sla_escalates_after_the_weekend_in_working_time(works, technician):
    f = works["facility"]
    # High: response 1 working hour. Opened Fri 2026-12-04 22:30: 0.5 h on Friday's second shift (ends 23:00),
    # the weekend does not count, 0.5 h more from Mon 06:00 -> due Mon 06:30.
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["High"],
                            opened_at=local(f, 2026, 12, 4, 22, 30))
    assert ticket.response_due == local(f, 2026, 12, 7, 6, 30)
    assert evaluate_escalations(now=local(f, 2026, 12, 7, 6, 29)) == 0  # 59 working minutes
    assert evaluate_escalations(now=local(f, 2026, 12, 7, 6, 30)) == 1  # exactly at the target
    assert evaluate_escalations(now=local(f, 2026, 12, 7, 6, 31)) == 0  # a second run sends nothing
    ticket.refresh_from_db()
    assert ticket.response_breached_at is not None and ticket.sla_breached_at is None
    # resolution 8 working hours: 0.5 h Friday + 7.5 h Monday from 06:00 -> 14:00 is the first shift's end;
    # 7.5 h of Monday's shifts is 06:00-13:30
    assert ticket.resolution_due == local(f, 2026, 12, 7, 13, 30)
    assert evaluate_escalations(now=local(f, 2026, 12, 7, 13, 30)) == 1
    ticket.refresh_from_db()
    assert ticket.sla_breached_at is not None and ticket.past_sla()
    assert Ticket.objects.get().timeline().filter(kind="escalation").count() == 2
