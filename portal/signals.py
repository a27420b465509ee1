"""Signal receivers of the core app (connected in PortalConfig.ready)."""

from portal.auth.receivers import connect_receivers

# Sign-in: login history, single session, directory errors (portal/auth/receivers.py).
connect_receivers()
