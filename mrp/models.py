"""Models of the MRP module."""
