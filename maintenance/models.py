"""Models of the Maintenance module."""
