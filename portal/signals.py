"""Signal receivers of the core app (connected in PortalConfig.ready)."""

from portal.auth.receivers import connect_receivers

# Sign-in: login history, single session, directory errors (portal/auth/receivers.py).
connect_receivers()

# Plant-local time: the set of facility zones decides whether times carry a zone label (services/localtime.py).
def _connect_zone_cache() -> None:
    from django.db.models.signals import post_delete, post_save

    from portal.models import Facility
    from portal.services.localtime import refresh_zones

    post_save.connect(refresh_zones, sender=Facility, dispatch_uid="portal.localtime.save")
    post_delete.connect(refresh_zones, sender=Facility, dispatch_uid="portal.localtime.delete")


_connect_zone_cache()
