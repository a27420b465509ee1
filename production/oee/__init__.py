"""OEE (ISO 22400-2) per line and shift: the engine (plain Python) and its adapter over the portal's data."""
