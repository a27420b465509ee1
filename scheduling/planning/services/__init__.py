"""Job planning services: plain functions, atomic, testable without HTTP (see the modules)."""
