"""Test helpers shared by every app: factories and pytest fixtures (registered in the root conftest.py)."""
