"""Raising, clearing, resolving and reading notifications: the only way other modules touch them.

Other modules call::

    from notifications import services as notifications

    notifications.raise_notification(
        "laser.stage_overdue", project, key="cutting", title=..., url=project_url,
        level="warning", permissions=["portal.view_scheduling"], email=True,
    )
    ...
    notifications.clear_condition("laser.stage_overdue", project, key="cutting")  # the condition went away

Rules:

* **One open notification per condition** (kind + source + key). Raising it again while it is open does not
  create another: it bumps ``raise_count``/``last_raised_at``, replaces title/body/url/level with the new ones
  and *adds* the new audience to the old (nobody silently loses a notification they were shown).
* **Read state survives a repeat raise unless the level escalates** (info -> warning -> critical): then the
  notification becomes unread again for everyone and, if ``email=True``, is emailed again. A repeat raise at
  the same or a lower level is silent, so a check that runs every few minutes does not spam anyone.
* Once resolved (by a person) or cleared (by the module), a new raise of the condition opens a new notification.
* The audience is evaluated when read, from the database: a user sees a notification addressed to them, to one
  of their groups, or to a permission they hold through a group or a per-user permission. Superusers see all.
  Permissions granted by an authentication backend without a database row (none in this portal: the directory
  login mirrors AD groups into Django groups) are not considered.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lists.signals import EXPORT_READY_KIND
from portal.queue import send_now
from portal.workflow.signals import ESCALATION_KIND

from .models import Notification, NotificationRead, kind_validator, validate_link

EMAIL_TASK = "notifications.tasks.send_notification_email"  # by name: the task module imports this one

Level = Notification.Level
State = Notification.State
LEVEL_RANK = {Level.INFO: 0, Level.WARNING: 1, Level.CRITICAL: 2}

UserLink = Notification.target_users.through
GroupLink = Notification.target_groups.through
PermissionLink = Notification.target_permissions.through


class NotificationNotOpen(Exception):
    """The notification was already resolved or cleared (e.g. by someone else a moment ago)."""

    def __init__(self, notification: Notification):
        self.notification = notification
        state = notification.get_state_display()
        super().__init__(_("This notification is no longer open (%(state)s).") % {"state": state})


# --- Raising and clearing -----------------------------------------------------------------------------------


def _source_parts(source: models.Model | None) -> tuple[ContentType | None, str]:
    if source is None:
        return None, ""
    if source.pk is None:
        raise ValueError("A notification's source must be saved first.")
    source_id = str(source.pk)
    if len(source_id) > 64:
        raise ValueError("A notification's source has a primary key longer than 64 characters.")
    return ContentType.objects.get_for_model(source, for_concrete_model=False), source_id


def _condition(kind: str, source_type: ContentType | None, source_id: str, key: str) -> QuerySet[Notification]:
    return Notification.objects.filter(
        kind=kind, source_type=source_type, source_id=source_id, key=key, state=State.OPEN
    )


def _check_url(url: str) -> None:
    try:
        validate_link(url)
    except ValidationError as exc:
        raise ValueError(f"Notification link must be a site path or an http(s) address, not {url!r}.") from exc


def _permissions(codenames: Iterable[str | Permission]) -> list[Permission]:
    found, wanted = [], set()
    for perm in codenames:
        if isinstance(perm, Permission):
            found.append(perm)
        else:
            app_label, sep, codename = perm.partition(".")
            if not sep:
                raise ValueError(f"Permission {perm!r} must be 'app_label.codename'.")
            wanted.add((app_label, codename))
    if wanted:
        query = Q()
        for app_label, codename in wanted:
            query |= Q(content_type__app_label=app_label, codename=codename)
        rows = list(Permission.objects.filter(query).select_related("content_type"))
        missing = wanted - {(p.content_type.app_label, p.codename) for p in rows}
        if missing:
            raise ValueError(f"Unknown permission(s): {', '.join(sorted('.'.join(m) for m in missing))}")
        found += rows
    return found


def _groups(groups: Iterable[str | Group]) -> list[Group]:
    found = [g for g in groups if isinstance(g, Group)]
    names = {g for g in groups if not isinstance(g, Group)}
    if names:
        rows = list(Group.objects.filter(name__in=names))
        missing = names - {g.name for g in rows}
        if missing:
            raise ValueError(f"Unknown group(s): {', '.join(sorted(missing))}")
        found += rows
    return found


def _user_ids(users: Iterable) -> list[int]:
    return [u if isinstance(u, int) else u.pk for u in users]


@transaction.atomic
def raise_notification(
    kind: str,
    source: models.Model | None = None,
    *,
    key: str = "",
    title: str,
    body: str = "",
    url: str = "",
    level: str = Level.INFO,
    permissions: Iterable[str | Permission] = (),
    groups: Iterable[str | Group] = (),
    users: Iterable = (),
    email: bool = False,
) -> Notification:
    """Open the notification of a condition, or refresh it if it is already open (see the module rules).

    ``permissions`` are "app_label.codename" strings, ``groups`` names or Group objects, ``users`` User objects
    or ids. ``email=True`` also emails the audience after the transaction commits, when
    ``settings.NOTIFICATIONS_EMAIL_ENABLED`` is on. Bad arguments (unknown kind format, permission, group,
    level, unsafe link) raise ``ValueError``: they are programming errors of the raising module.
    """
    try:
        kind_validator(kind)
    except ValidationError as exc:
        raise ValueError(f"Invalid notification kind {kind!r}.") from exc
    for name, value, limit in (("kind", kind, 100), ("key", key, 100), ("url", url, 500)):
        if len(value) > limit:
            raise ValueError(f"Notification {name} is longer than {limit} characters.")
    if level not in LEVEL_RANK:
        raise ValueError(f"Invalid notification level {level!r}.")
    title = str(title).strip()
    if not title:
        raise ValueError("A notification needs a title.")
    _check_url(url)
    source_type, source_id = _source_parts(source)
    perms, group_rows, user_ids = _permissions(permissions), _groups(list(groups)), _user_ids(users)
    now = timezone.now()
    texts = {"title": title[:200], "body": str(body), "url": url, "level": level}

    notification = _condition(kind, source_type, source_id, key).select_for_update().first()
    created = escalated = False
    if notification is None:
        try:
            with transaction.atomic():  # a savepoint: losing a race rolls back only the insert
                notification = Notification.objects.create(
                    kind=kind, source_type=source_type, source_id=source_id, key=key, last_raised_at=now, **texts
                )
            created = True
        except IntegrityError:
            # Another request opened the same condition between our lookup and insert: refresh theirs.
            notification = _condition(kind, source_type, source_id, key).select_for_update().first()
            if notification is None:
                raise
    if not created:
        escalated = LEVEL_RANK[level] > LEVEL_RANK[notification.level]
        for field, value in texts.items():
            setattr(notification, field, value)
        notification.raise_count += 1
        notification.last_raised_at = now
        notification.save(update_fields=[*texts, "raise_count", "last_raised_at", "updated_at"])
        if escalated:
            notification.reads.all().delete()

    if perms:
        notification.target_permissions.add(*perms)
    if group_rows:
        notification.target_groups.add(*group_rows)
    if user_ids:
        notification.target_users.add(*user_ids)

    if email and (created or escalated) and settings.NOTIFICATIONS_EMAIL_ENABLED:

        # robust: with eager Celery (no broker) a mail server failure is logged, not raised into the caller.
        pk, raise_number = notification.pk, notification.raise_count

        def queue_email() -> None:  # a named function: Django logs a robust callback's failure by its name
            send_now(EMAIL_TASK, pk, raise_number)  # already after commit

        transaction.on_commit(queue_email, robust=True)
    return notification


@transaction.atomic
def clear_condition(kind: str, source: models.Model | None = None, key: str = "") -> int:
    """The condition went away: its open notification becomes cleared. Returns how many were cleared (0 or 1)."""
    source_type, source_id = _source_parts(source)
    now = timezone.now()
    return _condition(kind, source_type, source_id, key).update(state=State.CLEARED, cleared_at=now, updated_at=now)


def clear_every_condition(kind: str, source: models.Model) -> int:
    """Clear every open notification of ``kind`` about ``source``, whatever its key (every escalation level)."""
    source_type, source_id = _source_parts(source)
    now = timezone.now()
    return Notification.objects.filter(kind=kind, source_type=source_type, source_id=source_id,
                                       state=State.OPEN).update(state=State.CLEARED, cleared_at=now, updated_at=now)


def raise_escalation(sender, record, key: str, title: str, url: str, level: str, audience, **kwargs) -> None:
    """An escalation step of a workflow (portal.workflow.signals.escalated): the bell and the email."""
    raise_notification(ESCALATION_KIND, record, key=key, title=title, url=url, level=level, users=audience.users,
                       groups=audience.groups, permissions=audience.permissions, email=True)


def raise_export_ready(sender, job, title: str, url: str, users, **kwargs) -> None:
    """A background export has its file (portal.lists.signals.export_ready): the owner's bell."""
    raise_notification(EXPORT_READY_KIND, job, title=title, url=url, users=users)


def clear_escalations(sender, record, **kwargs) -> None:
    """A record moved on (portal.workflow.signals.transitioned): its escalation notifications, of every level and
    audience, are cleared, for every workflow alike."""
    clear_every_condition(ESCALATION_KIND, record)


# --- Who sees what ------------------------------------------------------------------------------------------


def audience_filter(user_id: int) -> Q:
    """Notifications addressed to the user directly, through a group, or through a permission they hold.

    Subqueries only (no joins), so the result has no duplicates and the whole test is one SQL statement.
    """
    User = get_user_model()
    my_groups = User.groups.through.objects.filter(user_id=user_id).values("group_id")
    my_own_perms = User.user_permissions.through.objects.filter(user_id=user_id).values("permission_id")
    my_group_perms = Group.permissions.through.objects.filter(group_id__in=my_groups).values("permission_id")
    return (
        Q(pk__in=UserLink.objects.filter(user_id=user_id).values("notification_id"))
        | Q(pk__in=GroupLink.objects.filter(group_id__in=my_groups).values("notification_id"))
        | Q(pk__in=PermissionLink.objects.filter(permission_id__in=my_own_perms).values("notification_id"))
        | Q(pk__in=PermissionLink.objects.filter(permission_id__in=my_group_perms).values("notification_id"))
    )


def visible_to(user) -> QuerySet[Notification]:
    """Every notification (any state) whose audience includes ``user``; superusers see them all."""
    if not (user and user.is_authenticated and user.is_active):
        return Notification.objects.none()
    if user.is_superuser:
        return Notification.objects.all()
    return Notification.objects.filter(audience_filter(user.pk))


def read_by(user) -> Exists:
    return Exists(NotificationRead.objects.filter(user_id=user.pk, notification=OuterRef("pk")))


def unread_for(user) -> QuerySet[Notification]:
    """Open notifications the user may see and has not read, newest first."""
    return visible_to(user).filter(state=State.OPEN).filter(~read_by(user))


def unread_count(user) -> int:
    """One query, whatever the number of notifications, groups or permissions."""
    return unread_for(user).count()


def with_read_state(queryset: QuerySet[Notification], user) -> QuerySet[Notification]:
    """Annotates ``is_read`` for ``user`` (for lists: no query per row)."""
    return queryset.annotate(is_read=read_by(user))


def is_audience(user, notification: Notification) -> bool:
    return visible_to(user).filter(pk=notification.pk).exists()


# --- Acting on notifications --------------------------------------------------------------------------------


@transaction.atomic
def mark_read(user, notifications: Iterable[Notification | int]) -> int:
    """Marks the given notifications read for ``user``; ones outside their audience are ignored.

    Returns how many became read now (already-read ones are not counted).
    """
    ids = {n if isinstance(n, int) else n.pk for n in notifications}
    if not ids:
        return 0
    ids = set(visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return _mark(user, ids)


@transaction.atomic
def mark_all_read(user) -> int:
    """Marks every unread (open, visible) notification read for ``user``. Returns how many."""
    return _mark(user, set(unread_for(user).values_list("pk", flat=True)))


def _mark(user, ids: set[int]) -> int:
    ids -= set(NotificationRead.objects.filter(user_id=user.pk, notification_id__in=ids).values_list(
        "notification_id", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    rows = [NotificationRead(user_id=user.pk, notification_id=pk, read_at=now) for pk in sorted(ids)]
    try:
        with transaction.atomic():
            NotificationRead.objects.bulk_create(rows)
        return len(rows)
    except IntegrityError:
        # A concurrent request (another tab) marked some of them first; SQL Server has no ignore_conflicts.
        return sum(
            NotificationRead.objects.get_or_create(user_id=user.pk, notification_id=pk, defaults={"read_at": now})[1]
            for pk in ids
        )


@transaction.atomic
def resolve(notification: Notification, user, note: str = "") -> Notification:
    """A person in the audience closes the notification. ``PermissionDenied`` outside the audience,
    ``NotificationNotOpen`` when it was already resolved or cleared."""
    if not is_audience(user, notification):
        raise PermissionDenied(_("This notification is not addressed to you."))
    now = timezone.now()
    # Conditional update: of two people resolving at once, exactly one wins.
    done = Notification.objects.filter(pk=notification.pk, state=State.OPEN).update(
        state=State.RESOLVED, resolved_by=user, resolved_at=now, resolution_note=note.strip(), updated_at=now
    )
    notification.refresh_from_db()
    if not done:
        raise NotificationNotOpen(notification)
    return notification


# --- Email channel ------------------------------------------------------------------------------------------


def email_recipients(notification: Notification) -> QuerySet:
    """Active audience members with an email address (superusers only when they are in the audience)."""
    User = get_user_model()
    perm_ids = PermissionLink.objects.filter(notification_id=notification.pk).values("permission_id")
    group_ids = GroupLink.objects.filter(notification_id=notification.pk).values("group_id")
    perm_groups = Group.permissions.through.objects.filter(permission_id__in=perm_ids).values("group_id")
    members = (
        Q(pk__in=UserLink.objects.filter(notification_id=notification.pk).values("user_id"))
        | Q(pk__in=User.groups.through.objects.filter(group_id__in=group_ids).values("user_id"))
        | Q(pk__in=User.groups.through.objects.filter(group_id__in=perm_groups).values("user_id"))
        | Q(pk__in=User.user_permissions.through.objects.filter(permission_id__in=perm_ids).values("user_id"))
    )
    return User.objects.filter(members, is_active=True).exclude(email="").order_by("pk")
