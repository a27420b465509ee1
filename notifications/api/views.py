"""REST endpoints of the Notifications module: the requesting user's own notifications.

Every signed-in user may call them (``open_to_all_users``); the queryset is scoped to the user's audience, so
a notification addressed to others is a 404, for reading and for every action alike.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from notifications import services

from . import serializers
from .filters import NotificationFilterSet


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Notifications addressed to you (directly, through a group or a permission), newest first."""

    open_to_all_users = True
    serializer_class = serializers.NotificationSerializer
    filterset_class = NotificationFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        return services.with_read_state(services.visible_to(user), user).select_related("source_type", "resolved_by")

    @extend_schema(responses=serializers.UnreadCountSerializer, filters=False)
    @action(detail=False, url_path="unread-count")
    def unread_count(self, request):
        """Open notifications addressed to you that you have not read (what the bell shows)."""
        return Response({"unread": services.unread_count(request.user)})

    @extend_schema(request=None, responses=serializers.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification read for you (others' read state is theirs)."""
        notification = self.get_object()
        services.mark_read(request.user, [notification])
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=serializers.MarkedSerializer, filters=False)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark every open notification addressed to you read; returns how many changed."""
        return Response({"marked": services.mark_all_read(request.user)})

    @extend_schema(
        request=serializers.ResolveSerializer,
        responses={
            200: serializers.NotificationSerializer,
            409: OpenApiResponse(description="Already resolved or cleared (e.g. by someone else)."),
        },
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Close an open notification (you fixed it or decided it needs nothing); 409 if no longer open."""
        notification = self.get_object()
        payload = serializers.ResolveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.resolve(notification, request.user, payload.validated_data["note"])
        except services.NotificationNotOpen as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except PermissionDenied as exc:  # cannot happen after get_object(); kept so it never becomes a 500
            raise NotFound from exc
        return Response(self.get_serializer(self.get_object()).data)
