"""Pure rules of this app: plain Python over plain values, no Django (portal/tests/test_layout.py checks)."""
