"""Models of the Downtime module."""
