"""Plant Portal: the project package and the core app (plant data, users, access, shell)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
