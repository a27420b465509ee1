"""Locale formats: the portal's Spanish is Mexico's (1,234.56 and dd/mm/yyyy), not Spain's (1.234,56)."""
