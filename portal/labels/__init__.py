"""Barcode and QR labels for anything the floor scans: each app registers the kinds of codes it can label."""
