"""Photo uploads (quality rejects and returns, maintenance tickets): only images, checked by content, not by
name, and at most ``PHOTO_MAX_MB`` (8 MB by default). Forms use ``PhotoInput`` so a phone opens its camera."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
ALLOWED_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


def max_photo_bytes() -> int:
    # QUALITY_PHOTO_MAX_MB was the setting's name while only quality took photos; a deployment that sets it keeps it.
    legacy = getattr(settings, "QUALITY_PHOTO_MAX_MB", None)
    megabytes = legacy if legacy is not None else getattr(settings, "PHOTO_MAX_MB", 8)
    return int(megabytes) * 1024 * 1024


def validate_photo(upload) -> None:
    """A JPEG, PNG or WebP image no larger than PHOTO_MAX_MB (8 MB by default)."""
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


class PhotoInput(forms.FileInput):
    """A file input that opens the phone's rear camera (a desktop browser offers a file chooser)."""

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/*", "capture": "environment", "class": "form-control", **(attrs or {})})


class PhotoField(forms.FileField):
    """An optional photo, validated by content (``validate_photo``) — one clear message for a bad upload."""

    widget = PhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [validate_photo])
        super().__init__(**kwargs)
