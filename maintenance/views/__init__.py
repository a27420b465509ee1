"""Pages of the Maintenance module (thin: services do the work)."""
