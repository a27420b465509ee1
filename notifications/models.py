"""Models of the Notifications module."""
