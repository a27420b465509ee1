"""Moved to the core (``portal/photos.py``) when maintenance needed the same check; kept for the imports of
quality's first migrations."""

from portal.photos import ALLOWED_EXTENSIONS, ALLOWED_FORMATS, max_photo_bytes, validate_photo

__all__ = ["ALLOWED_EXTENSIONS", "ALLOWED_FORMATS", "max_photo_bytes", "validate_photo"]
