"""The portal's one list mechanism: filterset + sortable paginated table + Excel export of exactly those rows.

Every list page in every app is a ``PortalListView`` subclass declaring its columns, filterset and sorts;
see ``views.py``. Exports stream (openpyxl write-only to a temp file, then a streamed response), and large
ones run in the background (``exports.py``) with a progress page and a download link.
"""
