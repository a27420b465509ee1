"""What the workflow tells the rest of the portal, without importing it (the core imports no module app)."""

from django.dispatch import Signal

# The notification kind of an escalation step (one per record, rule and level: key "<rule>:<level>").
ESCALATION_KIND = "portal.escalation"

# Sent by apply_transition after a record changed state (sender: the record's model). Arguments: record,
# transition, source (the state it left), user. The notifications app clears the record's escalations on it.
transitioned = Signal()

# Sent by an escalation step, inside its transaction (sender: the record's model). Arguments: record, key, title,
# url, level, audience (portal.workflow.Audience). The notifications app raises the notification on it.
escalated = Signal()
