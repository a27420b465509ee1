from rest_framework import serializers

from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    source_type = serializers.SerializerMethodField(help_text='"app_label.model" of the source object, or null.')
    resolved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    is_read = serializers.BooleanField(read_only=True, help_text="Read by the requesting user.")
    kind_label = serializers.SerializerMethodField(help_text="The kind in the requester's language.")

    class Meta:
        model = Notification
        fields = [
            "id", "kind", "kind_label", "source_type", "source_id", "key", "level", "title", "body", "url", "state",
            "is_read", "raise_count", "created_at", "last_raised_at", "resolved_by", "resolved_at",
            "resolution_note", "cleared_at",
        ]
        read_only_fields = fields

    def get_kind_label(self, obj) -> str:
        from notifications.kinds import kind_label

        return kind_label(obj.kind)

    def get_source_type(self, obj) -> str | None:
        return f"{obj.source_type.app_label}.{obj.source_type.model}" if obj.source_type_id else None


class ResolveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications became read.")
