"""The symbols printed on labels, as SVG ``data:`` URIs the PDF helper accepts (no network, no Pillow).

QR codes with segno (already used for certificates); Code 128 with python-barcode, pure Python and well kept:
Code 128 is what the floor's USB scanners and the camera reader (BarcodeDetector) read most reliably.
"""

from __future__ import annotations

import base64
import io

import segno
from barcode import Code128
from barcode.writer import SVGWriter


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def code128_svg(text: str) -> bytes:
    buffer = io.BytesIO()
    # the human-readable text is printed by the label itself, larger; quiet zone 6.5 mm per side (ISO 15417: 10x)
    Code128(text, writer=SVGWriter()).write(buffer, {"write_text": False, "module_height": 12.0,
                                                     "quiet_zone": 6.5, "module_width": 0.3})
    return buffer.getvalue()


def code128_data_uri(text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(code128_svg(text)).decode()
