"""Models of the Scheduling module."""
