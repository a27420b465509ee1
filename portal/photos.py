"""The one upload path of the portal (quality rejects and returns, maintenance tickets, any later photo).

In: a photo is a JPEG, PNG or WebP whose file name agrees with its content (``poly.html``, a PNG with HTML
appended, is refused by its name; an SVG or anything else Pillow cannot read by its content), at most
``PHOTO_MAX_MB`` (8 MB) and ``PHOTO_MAX_PIXELS`` (40 million pixels: a decompression bomb, a tiny file that
unpacks to gigabytes, is refused with a message before it is decoded). It is stored under a generated name
(``upload_to("quality/rejects")``), never the uploader's.

Out: ``serve_upload`` answers only the stored file, with the content type of its checked format, ``nosniff`` and
``inline`` for an image (``attachment`` otherwise). Views call it after checking that the user may see the
record the file belongs to; media are never served from a public URL.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FORMAT_EXTENSIONS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}
ALLOWED_FORMATS = set(FORMAT_EXTENSIONS)
ALLOWED_EXTENSIONS = tuple(ext for exts in FORMAT_EXTENSIONS.values() for ext in exts)
CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def max_photo_bytes() -> int:
    # QUALITY_PHOTO_MAX_MB was the setting's name while only quality took photos; a deployment that sets it keeps it.
    legacy = getattr(settings, "QUALITY_PHOTO_MAX_MB", None)
    megabytes = legacy if legacy is not None else getattr(settings, "PHOTO_MAX_MB", 8)
    return int(megabytes) * 1024 * 1024


def max_photo_pixels() -> int:
    return int(getattr(settings, "PHOTO_MAX_PIXELS", 40_000_000))


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def validate_photo(upload) -> None:
    """A JPEG, PNG or WebP image, named as what it is, within the size and pixel limits (ValidationError)."""
    from PIL import Image, UnidentifiedImageError

    limit = max_photo_bytes()
    if upload.size > limit:
        raise ValidationError(_("The photo is %(size).1f MB; at most %(limit)s MB is allowed.") % {
            "size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024})
    extension = _extension(getattr(upload, "name", ""))
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Photos must be .jpg, .png or .webp files, not “%(name)s”.") % {
            "name": PurePath(getattr(upload, "name", "") or "").name})
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            if width * height > max_photo_pixels():
                raise ValidationError(_("The photo is %(width)s × %(height)s pixels; at most %(limit)s million "
                                        "pixels are allowed.") % {"width": width, "height": height,
                                                                 "limit": max_photo_pixels() // 1_000_000})
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own limit, far above ours, met before we read the size
        raise ValidationError(_("The photo has too many pixels; at most %(limit)s million pixels are allowed.")
                              % {"limit": max_photo_pixels() // 1_000_000}) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("The file is not a photo (JPEG, PNG or WebP).")) from exc
    finally:
        upload.seek(position)
    if kind not in ALLOWED_FORMATS:
        raise ValidationError(_("Photos must be JPEG, PNG or WebP, not %(kind)s.") % {"kind": kind})
    if extension not in FORMAT_EXTENSIONS[kind]:
        raise ValidationError(_("The file is named .%(extension)s but is a %(kind)s image.") % {
            "extension": extension, "kind": kind})


@deconstructible
class upload_to:  # noqa: N801 - used like a function in model fields: upload_to("quality/rejects")
    """A generated storage name under ``prefix``/YYYY/MM/, keeping only the checked extension."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = _extension(filename)
        extension = extension if extension in ALLOWED_EXTENSIONS else "bin"
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, upload_to) and other.prefix == self.prefix


def serve_upload(field_file) -> FileResponse:
    """The stored file with a fixed content type: images inline, anything else as an attachment; never sniffed.

    The caller has checked that the user may see the record the file belongs to."""
    if not field_file:
        raise Http404
    extension = _extension(field_file.name)
    content_type = CONTENT_TYPES.get(extension)
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = PurePath(field_file.name).name
    response = FileResponse(handle, content_type=content_type or "application/octet-stream",
                            as_attachment=content_type is None, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class PhotoInput(forms.FileInput):
    """A file input that opens the phone's rear camera (a desktop browser offers a file chooser)."""

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/jpeg,image/png,image/webp", "capture": "environment",
                          "class": "form-control", **(attrs or {})})


class PhotoField(forms.FileField):
    """An optional photo, validated by ``validate_photo`` — one clear message for a bad upload."""

    widget = PhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [validate_photo])
        super().__init__(**kwargs)
