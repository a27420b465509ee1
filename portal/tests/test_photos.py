"""The one upload path (portal/photos.py): what it refuses, the names it stores under, how it serves a file."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile

from portal.photos import serve_upload, upload_to, validate_photo
from portal.testing.uploads import accepted_photo, refused_uploads


@pytest.mark.parametrize("name", sorted(refused_uploads()))
def test_every_kind_of_bad_upload_is_refused_with_a_message(name):
    upload = refused_uploads()[name]
    with pytest.raises(ValidationError) as refused:
        validate_photo(upload)
    assert refused.value.messages and all(m.strip() for m in refused.value.messages)


@pytest.mark.parametrize("side", [30_000, 8_000])  # above Pillow's own bomb limit, and only above ours
def test_a_bomb_is_refused_for_its_pixels_before_it_is_decoded(side):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.testing.uploads import bomb_png

    with pytest.raises(ValidationError) as refused:
        validate_photo(SimpleUploadedFile("bomb.png", bomb_png(side)))
    assert "at most 40 million pixels" in refused.value.messages[0]


def test_a_real_photo_passes_and_is_stored_under_a_generated_name():
    photo = accepted_photo("../../etc/my photo.JPG")
    validate_photo(photo)
    name = upload_to("quality/rejects")(None, photo.name)
    assert name.startswith("quality/rejects/") and name.endswith(".jpg") and "my photo" not in name


def test_served_with_a_fixed_type_nosniff_and_inline_only_for_images(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    stored = storage.save("x/abc.png", ContentFile(b"\x89PNG fake"))
    other = storage.save("x/abc.html", ContentFile(b"<script>"))

    class Field:
        def __init__(self):
            self.storage = storage

    image = serve_upload(FieldFile(None, Field(), stored))
    assert image["Content-Type"] == "image/png" and image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Disposition"].startswith("inline")
    html = serve_upload(FieldFile(None, Field(), other))
    assert html["Content-Type"] == "application/octet-stream"
    assert html["Content-Disposition"].startswith("attachment")
