"""What the workflow tells the rest of the portal, without importing it (the core imports no module app)."""

from django.dispatch import Signal

# Sent by apply_transition after a record changed state (sender: the record's model). Arguments: record,
# transition, source (the state it left), user. The notifications app clears the record's escalations on it.
transitioned = Signal()
