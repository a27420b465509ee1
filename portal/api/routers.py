from rest_framework import routers


class PortalAPIRootView(routers.APIRootView):
    """The browsable index of an app's endpoints: any signed-in user may list them (each endpoint checks its own)."""

    open_to_all_users = True


class PortalRouter(routers.DefaultRouter):
    """The router every app's API uses, so the index page follows the portal's deny-by-default rule."""

    APIRootView = PortalAPIRootView
