"""Placeholder: ERP test fixtures (filled by the ERP work)."""
