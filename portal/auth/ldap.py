"""Active Directory sign-in (django-auth-ldap), configured from the portal's ``AUTH_LDAP_*`` settings at runtime.

The portal's settings are plain strings (search bases, a filter, a group kind) so they can come from the
environment; this module turns them into django-auth-ldap's objects each time a backend is created, so
``override_settings`` in tests and a changed ``.env`` after a restart both take effect.

Who gets in: a directory user whose password the directory accepts AND who is in at least one role's directory
group (``portal.roles.ad_group_names()``: the role's name unless ``AD_GROUP_<ROLE>`` names another). The roles those
groups give are mirrored to the portal's role groups (named like the roles) at every sign-in; other Django groups
are left alone. A user in none of them is refused with a clear message
(``DirectoryDenied``), not with the wrong-password message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import NoReturn

import ldap
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_auth_ldap.backend import LDAPBackend
from django_auth_ldap.config import (
    GroupOfNamesType,
    LDAPSearch,
    LDAPSettings,
    NestedActiveDirectoryGroupType,
)

from portal.roles import PORTAL_GROUPS, roles_of_ad_groups, unknown_ad_group_settings

logger = logging.getLogger(__name__)

# A sign-in must not hang on a dead domain controller: fail fast, then local accounts still work.
NETWORK_TIMEOUT_SECONDS = 5
SEARCH_TIMEOUT_SECONDS = 10

# Markers the backend leaves on the request for the login form and the login history.
DENIAL_ATTR = "portal_login_denial"
UNAVAILABLE_ATTR = "portal_directory_unavailable"
NO_PORTAL_GROUP = "no_portal_group"

GROUP_KINDS = {
    # (group type, group object filter)
    "active_directory": (NestedActiveDirectoryGroupType, "(objectClass=group)"),
    "group_of_names": (GroupOfNamesType, "(objectClass=groupOfNames)"),
}


class DirectoryDenied(PermissionDenied):
    """The directory accepted the password but the account may not use the portal.

    A ``PermissionDenied`` so that Django's ``authenticate`` stops here (no other backend is tried for a
    directory account) and reports a failed login; the request carries the reason for the message.
    """


@dataclass(frozen=True)
class DirectoryConfig:
    """The portal's LDAP settings as plain values (what the deployment sets in the environment)."""

    server_uri: str
    bind_dn: str
    bind_password: str
    user_search_base: str
    user_filter: str
    group_search_base: str
    group_kind: str
    start_tls: bool
    ca_cert_file: str

    @classmethod
    def from_settings(cls) -> DirectoryConfig:
        return cls(
            server_uri=settings.AUTH_LDAP_SERVER_URI,
            bind_dn=settings.AUTH_LDAP_BIND_DN,
            bind_password=settings.AUTH_LDAP_BIND_PASSWORD,
            user_search_base=settings.AUTH_LDAP_USER_SEARCH_BASE,
            user_filter=settings.AUTH_LDAP_USER_FILTER,
            group_search_base=settings.AUTH_LDAP_GROUP_SEARCH_BASE or settings.AUTH_LDAP_USER_SEARCH_BASE,
            group_kind=settings.AUTH_LDAP_GROUP_KIND,
            start_tls=settings.AUTH_LDAP_START_TLS,
            ca_cert_file=settings.AUTH_LDAP_CA_CERT_FILE,
        )

    def problems(self) -> list[str]:
        """What keeps this configuration from working (reported in the log, never to the user)."""
        found = []
        if not self.server_uri:
            found.append("AUTH_LDAP_SERVER_URI is empty")
        if not self.user_search_base:
            found.append("AUTH_LDAP_USER_SEARCH_BASE is empty")
        if "%(user)s" not in self.user_filter:
            found.append("AUTH_LDAP_USER_FILTER must contain %(user)s")
        if self.group_kind not in GROUP_KINDS:
            found.append(f"AUTH_LDAP_GROUP_KIND must be one of {', '.join(GROUP_KINDS)}, not {self.group_kind!r}")
        found += [f"AD_GROUP_{key} names no role" for key in unknown_ad_group_settings()]
        return found


class PortalLDAPBackend(LDAPBackend):
    """Active Directory accounts: user search, AD groups mirrored to the portal's role groups."""

    def __init__(self) -> None:
        # Django creates a backend per authenticate() call, so reading the settings here follows overrides.
        self.config = DirectoryConfig.from_settings()
        self.request = None

    @property
    def settings(self) -> LDAPSettings:
        if self._settings is None:
            self._settings = build_ldap_settings(self.config)
        return self._settings

    @settings.setter
    def settings(self, value: LDAPSettings) -> None:
        self._settings = value

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        problems = self.config.problems()
        if problems:
            logger.error("Active Directory sign-in is misconfigured: %s", "; ".join(problems))
            mark_directory_unavailable(request)
            return None
        if is_local_account(username):
            return None  # a local account of that name stays local: AD must not take it over
        self.request = request
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_group_permissions(self, user, obj=None) -> set[str]:
        # Permissions come from the mirrored Django groups (ModelBackend); skip django-auth-ldap's lookup, which
        # would otherwise build this backend's configuration for every permission check of every user.
        return set()

    def get_or_build_user(self, username, ldap_user):
        """Called once the directory accepted the password: apply the portal's admission rule first."""
        if not roles_of_ad_groups(ldap_user.group_names):
            refuse_without_portal_group(username, self.request)
        user, built = super().get_or_build_user(username, ldap_user)
        user.is_ldap = True
        return user, built

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            mirror_roles(user, ldap_user.group_names)
        return user


def build_ldap_settings(config: DirectoryConfig) -> LDAPSettings:
    """django-auth-ldap's settings object for ``config`` (raises ``KeyError`` on an unknown group kind).

    Starts from django-auth-ldap's defaults (and any extra ``AUTH_LDAP_*`` tuning a deployment sets), then the
    portal's own values win.
    """
    group_type_class, group_filter = GROUP_KINDS[config.group_kind]
    options: dict = {
        ldap.OPT_REFERRALS: 0,  # AD answers searches at the domain root with referrals python-ldap cannot follow
        ldap.OPT_NETWORK_TIMEOUT: NETWORK_TIMEOUT_SECONDS,
        ldap.OPT_TIMEOUT: SEARCH_TIMEOUT_SECONDS,
    }
    if config.ca_cert_file:
        options[ldap.OPT_X_TLS_CACERTFILE] = config.ca_cert_file
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # must come last: applies the TLS options above
    result = LDAPSettings()
    result.SERVER_URI = config.server_uri
    result.BIND_DN = config.bind_dn
    result.BIND_PASSWORD = config.bind_password
    result.START_TLS = config.start_tls
    result.CONNECTION_OPTIONS = options
    result.USER_SEARCH = LDAPSearch(config.user_search_base, ldap.SCOPE_SUBTREE, config.user_filter)
    result.USER_DN_TEMPLATE = None
    result.USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}
    result.GROUP_SEARCH = LDAPSearch(config.group_search_base, ldap.SCOPE_SUBTREE, group_filter)
    result.GROUP_TYPE = group_type_class(name_attr="cn")
    # The role groups follow the directory through the AD group name of each role (mirror_roles): the library's
    # own mirroring would copy AD names one to one.
    result.MIRROR_GROUPS = None
    result.MIRROR_GROUPS_EXCEPT = None
    result.ALWAYS_UPDATE_USER = True
    result.CACHE_TIMEOUT = 0  # group changes in AD take effect at the next sign-in
    return result


def mirror_roles(user, directory_groups) -> None:
    """Make the user's role groups those their directory groups give; groups made in the portal stay."""
    wanted = roles_of_ad_groups(directory_groups)
    held = set(user.groups.filter(name__in=PORTAL_GROUPS).values_list("name", flat=True))
    if held - wanted:
        user.groups.remove(*Group.objects.filter(name__in=held - wanted))
    if wanted - held:
        user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in sorted(wanted - held)))


def is_local_account(username: str) -> bool:
    """A portal-only account (e.g. the local portal admin) with its own password."""
    user_model = get_user_model()
    for user in user_model.objects.filter(username__iexact=username.strip(), is_ldap=False):
        if user.has_usable_password():
            return True
    return False


def refuse_without_portal_group(username: str, request) -> NoReturn:
    """The directory knows the user but none of their groups opens the portal: say so and stop."""
    user_model = get_user_model()
    existing = user_model.objects.filter(username__iexact=username, is_ldap=True).first()
    if existing is not None:
        # They left every portal group in AD: their old roles must not linger for sessions still open.
        existing.groups.remove(*Group.objects.filter(name__in=PORTAL_GROUPS))
    if request is not None:
        setattr(request, DENIAL_ATTR, NO_PORTAL_GROUP)
    logger.info("Directory user %s is in no portal group: sign-in refused", username)
    raise DirectoryDenied(NO_PORTAL_GROUP)


def mark_directory_unavailable(request) -> None:
    if request is not None:
        setattr(request, UNAVAILABLE_ATTR, True)


def on_ldap_error(sender, context=None, request=None, exception=None, **kwargs) -> None:
    """django-auth-ldap reports server errors (down, timeout, bad service account) here instead of raising."""
    if issubclass(sender, PortalLDAPBackend):
        logger.warning("Active Directory error %s: %r", context, exception)
        mark_directory_unavailable(request)
