"""Files that every upload path of the portal must refuse (portal/photos.py), and one it must accept: the upload
tests of each app post these through their own page and API and check that nothing was stored."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 30, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def bomb_png(side: int = 30_000) -> bytes:
    """A valid PNG header of ``side`` × ``side`` pixels (900 million by default) with a few KB of compressed zeros:
    it unpacks to gigabytes. Built by hand so the test itself never decodes it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    row = b"\x00" * (side + 1)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'


def refused_uploads() -> dict[str, SimpleUploadedFile]:
    """name -> a fresh upload that must be refused with a message (each call gives new file objects)."""
    return {
        "html-in-png": SimpleUploadedFile("poly.html", png_bytes() + b"<script>alert(document.cookie)</script>",
                                          content_type="image/png"),
        "svg": SimpleUploadedFile("drawing.svg", SVG, content_type="image/svg+xml"),
        "bomb": SimpleUploadedFile("bomb.png", bomb_png(), content_type="image/png"),
        "oversize": SimpleUploadedFile("huge.jpg", jpeg_bytes() + b"\0" * (9 * 1024 * 1024),
                                       content_type="image/jpeg"),
        "wrong-extension": SimpleUploadedFile("photo.png", jpeg_bytes(), content_type="image/png"),
    }


def accepted_photo(name: str = "line3.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")
