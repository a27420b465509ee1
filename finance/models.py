"""Models of the Finance module."""
