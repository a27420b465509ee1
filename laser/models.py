"""Models of the Laser job shop module."""
