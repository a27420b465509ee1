"""Photo uploads of quality records: only images (checked by content, not by name) and at most a set size."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
ALLOWED_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


def max_photo_bytes() -> int:
    return int(getattr(settings, "QUALITY_PHOTO_MAX_MB", 8)) * 1024 * 1024


def validate_photo(upload) -> None:
    """A JPEG, PNG or WebP image no larger than QUALITY_PHOTO_MAX_MB (8 MB by default)."""
    from PIL import Image, UnidentifiedImageError

    limit = max_photo_bytes()
    if upload.size > limit:
        raise ValidationError(_("The photo is %(size).1f MB; at most %(limit)s MB is allowed.") % {
            "size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024})
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("The file is not a photo (JPEG, PNG or WebP).")) from exc
    finally:
        upload.seek(position)
    if kind not in ALLOWED_FORMATS:
        raise ValidationError(_("Photos must be JPEG, PNG or WebP, not %(kind)s.") % {"kind": kind})
