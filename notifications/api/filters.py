import django_filters

from notifications.models import Notification


class NotificationFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Notification.State.choices)
    level = django_filters.ChoiceFilter(choices=Notification.Level.choices)
    kind = django_filters.CharFilter()
    unread = django_filters.BooleanFilter(
        method="filter_unread", label="Unread: open and not read by me (true), or read / no longer open (false)"
    )

    class Meta:
        model = Notification
        fields = ["state", "level", "kind", "unread"]

    def filter_unread(self, queryset, name, value):
        # The view annotates is_read for the requesting user.
        unread = {"state": Notification.State.OPEN, "is_read": False}
        return queryset.filter(**unread) if value else queryset.exclude(**unread)
