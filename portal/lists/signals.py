"""What the list exports tell the rest of the portal, without importing it (the core imports no module app)."""

from django.dispatch import Signal

# The notification kind of a finished background export.
EXPORT_READY_KIND = "portal.export_ready"

# Sent when a background export has its file (sender: ExportJob). Arguments: job, title, url, users.
# The notifications app puts it in the owner's bell.
export_ready = Signal()
