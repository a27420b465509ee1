"""Models of the Quality module."""
