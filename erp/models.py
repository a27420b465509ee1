"""Models of the ERP viewers module."""
