"""Barcode/QR labels for production orders, ERP jobs, machines and lots (PDF through ``portal.pdf``)."""
