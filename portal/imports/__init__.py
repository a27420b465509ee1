"""One import mechanism for the whole portal (django-import-export in the admin).

Every admin that imports uses :class:`~portal.imports.admin.PortalImportMixin` (or the ready-made
``PortalImportExportModelAdmin``): preview with row and field errors first, then all or nothing, an ``id``
column to update, a size limit, and the uploaded file kept between preview and confirmation in
:class:`~portal.imports.storage.PendingImportStorage` — bound to the uploading user and the model, unguessable,
expiring. ``portal/tests/test_imports.py`` fails for an import admin that bypasses it.
"""
