from rest_framework.permissions import BasePermission


class HasCapability(BasePermission):
    """Deny by default: an API view must name the permission(s) it needs, as pages do.

    ``required_permission`` (str or tuple) for every method, and optionally ``write_permission`` for unsafe
    methods (e.g. view scheduling vs. update scheduling). ``open_to_all_users = True`` admits any signed-in user.
    """

    message = "You do not have the permission this endpoint requires."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if getattr(view, "open_to_all_users", False):
            return True
        perms = getattr(view, "required_permission", None)
        if not perms:
            return False
        perms = (perms,) if isinstance(perms, str) else tuple(perms)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            write = getattr(view, "write_permission", None)
            if write:
                perms += (write,) if isinstance(write, str) else tuple(write)
        return user.has_perms(perms)
