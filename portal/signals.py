"""Signal receivers of the core app (connected in PortalConfig.ready)."""
