"""A real OpenLDAP ``slapd`` on loopback standing in for Active Directory (pytest plugin, see conftest.py).

``ldap_server`` (session scope) starts slapd once in a temp dir and seeds an AD-like tree: ``ou=Users`` with one
user per portal group of the matrix (seed 000), a user in two groups, a user in no portal group (only in
``Accounting``), ``ou=Groups`` with groupOfNames named like the AD groups, and a read-only service account that
the portal binds with. Passwords are generated at start; a throw-away CA signs slapd's certificate so StartTLS
is tested too. ``ldap_settings`` (function scope) points the portal at
it. CI installs slapd: a missing slapd fails the tests instead of skipping them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import override_settings

from portal import roles

SLAPD = "/usr/sbin/slapd"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")
SUFFIX = "dc=plant,dc=local"
USERS_OU = f"ou=Users,{SUFFIX}"
GROUPS_OU = f"ou=Groups,{SUFFIX}"
SERVICE_DN = f"cn=svc-portal,ou=ServiceAccounts,{SUFFIX}"
ROOT_DN = f"cn=admin,{SUFFIX}"
OTHER_GROUP = "Accounting"  # a directory group that is not a portal group

# user id -> (given name, surname, groups). One user per role, one in two roles, one in no portal group.
DIRECTORY_USERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "dt.admin": ("Dana", "Torres", (roles.DOWNTIME_ADMIN,)),
    "dt.user": ("Diego", "Ureña", (roles.DOWNTIME_USER,)),
    "sched.admin": ("Sara", "Adams", (roles.SCHEDULING_ADMIN,)),
    "sched.user": ("Sam", "Ulloa", (roles.SCHEDULING_USER,)),
    "portal.admin": ("Paula", "Admin", (roles.PORTAL_ADMIN,)),
    "prod.operator": ("Pablo", "Ortiz", (roles.PRODUCTION_OPERATOR,)),
    "prod.admin": ("Priya", "Acosta", (roles.PRODUCTION_ADMIN,)),
    "fin.user": ("Fernanda", "Ibarra", (roles.FINANCE,)),
    "plan.admin": ("Pilar", "Navarro", (roles.PLANNING_ADMIN,)),
    "plan.user": ("Pedro", "Lugo", (roles.PLANNER,)),
    "laser.operator": ("Lerato", "Oliphant", (roles.LASER_OPERATOR,)),
    "laser.manager": ("Lindiwe", "Mokoena", (roles.LASER_MANAGER,)),
    "laser.admin": ("Luis", "Arendse", (roles.LASER_ADMIN,)),
    "qa.inspector": ("Quetzal", "Inzunza", (roles.QUALITY_INSPECTOR,)),
    "qa.admin": ("Queta", "Aguilar", (roles.QUALITY_ADMIN,)),
    "maint.tech": ("Martín", "Téllez", (roles.MAINTENANCE_TECHNICIAN,)),
    "maint.admin": ("Marisol", "Andrade", (roles.MAINTENANCE_ADMIN,)),
    "two.roles": ("Tomás", "Rojas", (roles.SCHEDULING_USER, roles.DOWNTIME_USER)),
    "outsider": ("Olga", "Sanders", (OTHER_GROUP,)),
}
# The user of each role in the directory above.
ROLE_USERS: dict[str, str] = {
    roles.DOWNTIME_ADMIN: "dt.admin",
    roles.DOWNTIME_USER: "dt.user",
    roles.SCHEDULING_ADMIN: "sched.admin",
    roles.SCHEDULING_USER: "sched.user",
    roles.PORTAL_ADMIN: "portal.admin",
    roles.PRODUCTION_OPERATOR: "prod.operator",
    roles.PRODUCTION_ADMIN: "prod.admin",
    roles.FINANCE: "fin.user",
    roles.PLANNING_ADMIN: "plan.admin",
    roles.PLANNER: "plan.user",
    roles.LASER_OPERATOR: "laser.operator",
    roles.LASER_MANAGER: "laser.manager",
    roles.LASER_ADMIN: "laser.admin",
    roles.QUALITY_INSPECTOR: "qa.inspector",
    roles.QUALITY_ADMIN: "qa.admin",
    roles.MAINTENANCE_TECHNICIAN: "maint.tech",
    roles.MAINTENANCE_ADMIN: "maint.admin",
}


def _ssha(password: str) -> str:
    """An ``{SSHA}`` userPassword value, so no cleartext password sits in the directory."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()  # noqa: S324 - the LDAP {SSHA} scheme
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LdapServer:
    """The running test directory: its URI, the service account and every user's generated password."""

    uri: str
    workdir: Path
    root_password: str
    service_password: str
    passwords: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    ca_cert_file: str = ""  # the test CA that signed slapd's certificate (StartTLS)

    suffix = SUFFIX
    users_base = USERS_OU
    groups_base = GROUPS_OU
    service_dn = SERVICE_DN

    def password(self, uid: str) -> str:
        return self.passwords[uid]

    def user_dn(self, uid: str) -> str:
        return f"uid={uid},{USERS_OU}"

    def group_dn(self, name: str) -> str:
        return f"cn={name},{GROUPS_OU}"

    def modify(self, ldif: str) -> None:
        """Apply an LDIF change as the directory manager (what an AD admin would do in ADUC)."""
        _run(["ldapmodify", "-x", "-H", self.uri, "-D", ROOT_DN, "-w", self.root_password], ldif)

    def add_member(self, group: str, uid: str) -> None:
        self.modify(f"dn: {self.group_dn(group)}\nchangetype: modify\nadd: member\nmember: {self.user_dn(uid)}\n")

    def remove_member(self, group: str, uid: str) -> None:
        self.modify(
            f"dn: {self.group_dn(group)}\nchangetype: modify\ndelete: member\nmember: {self.user_dn(uid)}\n"
        )

    @contextmanager
    def membership_removed(self, group: str, uid: str) -> Iterator[None]:
        """Take ``uid`` out of ``group`` for the duration of a test (the directory is shared by the session)."""
        self.remove_member(group, uid)
        try:
            yield
        finally:
            self.add_member(group, uid)

    @contextmanager
    def group_added(self, name: str, *uids: str) -> Iterator[None]:
        """A directory group ``name`` with ``uids`` as members for the duration of a test (e.g. a plant's own name
        for a role's group)."""
        members = "".join(f"member: {self.user_dn(uid)}\n" for uid in uids)
        self.modify(f"dn: {self.group_dn(name)}\nchangetype: add\nobjectClass: groupOfNames\ncn: {name}\n{members}")
        try:
            yield
        finally:
            self.modify(f"dn: {self.group_dn(name)}\nchangetype: delete\n")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _run(cmd: list[str], stdin: str = "") -> None:
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=30, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:1])} failed ({result.returncode}): {result.stderr.strip()}")


def _make_certificates(workdir: Path) -> None:
    """A throw-away CA and a server certificate for localhost/127.0.0.1, so StartTLS is tested for real."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    (workdir / "server.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    for cmd in (
        ["openssl", "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
         "-subj", "/CN=Plant Portal test CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["openssl", "req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
        ["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
         "-out", "server.pem", "-days", "2", "-extfile", "server.ext"],
    ):
        result = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=30, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"openssl failed: {result.stderr.strip()}")


def _slapd_conf(workdir: Path, root_password: str) -> str:
    schemas = "\n".join(f"include {SCHEMA_DIR / name}.schema" for name in ("core", "cosine", "inetorgperson", "nis"))
    return f"""{schemas}
modulepath {MODULE_DIR}
moduleload back_mdb
moduleload memberof
pidfile {workdir / "slapd.pid"}
argsfile {workdir / "slapd.args"}
TLSCACertificateFile {workdir / "ca.pem"}
TLSCertificateFile {workdir / "server.pem"}
TLSCertificateKeyFile {workdir / "server.key"}

database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ROOT_DN}"
rootpw {_ssha(root_password)}
directory {workdir / "data"}
overlay memberof

# Like AD: users authenticate with their own password; the service account may read, not write; nobody reads
# password hashes; anonymous users see nothing.
access to attrs=userPassword
    by anonymous auth
    by * none
access to *
    by dn.exact="{SERVICE_DN}" read
    by self read
    by * none
"""


def _seed_ldif(server: LdapServer) -> str:
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: plant\no: Plant\n",
        f"dn: {USERS_OU}\nobjectClass: organizationalUnit\nou: Users\n",
        f"dn: {GROUPS_OU}\nobjectClass: organizationalUnit\nou: Groups\n",
        f"dn: ou=ServiceAccounts,{SUFFIX}\nobjectClass: organizationalUnit\nou: ServiceAccounts\n",
        f"dn: {SERVICE_DN}\nobjectClass: person\ncn: svc-portal\nsn: Service\n"
        f"userPassword: {_ssha(server.service_password)}\n",
    ]
    members: dict[str, list[str]] = {group: [] for group in (*roles.PORTAL_GROUPS, OTHER_GROUP)}
    for uid, (given, surname, groups) in DIRECTORY_USERS.items():
        entries.append(
            f"dn: {server.user_dn(uid)}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {given} {surname}\n"
            f"givenName: {given}\nsn: {surname}\nmail: {uid}@plant.local\n"
            f"userPassword: {_ssha(server.passwords[uid])}\n"
        )
        for group in groups:
            members[group].append(server.user_dn(uid))
    for group, dns in members.items():
        # groupOfNames needs at least one member (AD allows empty groups): a role nobody in the test directory holds
        # gets the service account, which is outside the user search base and never signs in.
        member_lines = "".join(f"member: {dn}\n" for dn in dns or [SERVICE_DN])
        entries.append(f"dn: {server.group_dn(group)}\nobjectClass: groupOfNames\ncn: {group}\n{member_lines}")
    # ldapadd reads UTF-8 values as-is only when they are plain ASCII; the rest go base64 ("attr:: value").
    return "\n".join(_encode_non_ascii(entry) for entry in entries)


def _encode_non_ascii(entry: str) -> str:
    lines = []
    for line in entry.splitlines():
        attr, _, value = line.partition(": ")
        if value and not value.isascii():
            line = f"{attr}:: {base64.b64encode(value.encode()).decode()}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _wait_until_listening(server: LdapServer, port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process is not None and server.process.poll() is not None:
            log = (server.workdir / "slapd.log").read_text(errors="replace")
            raise RuntimeError(f"slapd exited with {server.process.returncode}:\n{log[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"slapd did not listen on 127.0.0.1:{port} within {timeout:g}s")


def start_ldap_server() -> LdapServer:
    if not Path(SLAPD).exists() or shutil.which("ldapadd") is None or shutil.which("openssl") is None:
        pytest.fail(
            f"OpenLDAP is needed for the sign-in tests: {SLAPD}, ldapadd or openssl is missing. "
            "Install them with: apt-get install slapd ldap-utils openssl",
            pytrace=False,
        )
    workdir = Path(tempfile.mkdtemp(prefix="portal-slapd-"))
    (workdir / "data").mkdir()
    port = _free_port()
    server = LdapServer(
        uri=f"ldap://127.0.0.1:{port}",
        workdir=workdir,
        root_password=secrets.token_urlsafe(16),
        service_password=secrets.token_urlsafe(16),
        passwords={uid: secrets.token_urlsafe(12) for uid in DIRECTORY_USERS},
        ca_cert_file=str(workdir / "ca.pem"),
    )
    try:
        _make_certificates(workdir)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    conf = workdir / "slapd.conf"
    conf.write_text(_slapd_conf(workdir, server.root_password))
    with open(workdir / "slapd.log", "wb") as log:
        # -d 0 keeps slapd in the foreground so the fixture owns the process and can stop it.
        server.process = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", f"{server.uri}/", "-d", "0"], stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_listening(server, port)
        _run(["ldapadd", "-x", "-H", server.uri, "-D", ROOT_DN, "-w", server.root_password], _seed_ldif(server))
    except BaseException:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return server


@pytest.fixture(scope="session")
def ldap_server() -> Iterator[LdapServer]:
    server = start_ldap_server()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)


def ldap_settings_for(server: LdapServer, uri: str | None = None) -> dict:
    """The settings that point the portal at ``server`` (``uri`` overrides, e.g. to simulate an outage)."""
    return {
        "AUTHENTICATION_BACKENDS": [
            "axes.backends.AxesStandaloneBackend",
            "portal.auth.ldap.PortalLDAPBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
        "AUTH_LDAP_SERVER_URI": uri or server.uri,
        "AUTH_LDAP_BIND_DN": server.service_dn,
        "AUTH_LDAP_BIND_PASSWORD": server.service_password,
        "AUTH_LDAP_USER_SEARCH_BASE": server.users_base,
        # OpenLDAP's inetOrgPerson has uid where AD has sAMAccountName.
        "AUTH_LDAP_USER_FILTER": "(uid=%(user)s)",
        "AUTH_LDAP_GROUP_SEARCH_BASE": server.groups_base,
        "AUTH_LDAP_GROUP_KIND": "group_of_names",
        "AUTH_LDAP_START_TLS": False,
        "AUTH_LDAP_CA_CERT_FILE": "",
    }


@pytest.fixture
def ldap_settings(ldap_server, db) -> Iterator[LdapServer]:
    """Sign-in goes to the test directory (axes, then LDAP, then local accounts) for this test."""
    with override_settings(**ldap_settings_for(ldap_server)):
        yield ldap_server


def sign_in(client, username: str, password: str, *, next_url: str | None = None, user_agent: str = "pytest-browser"):
    """POST the real sign-in page, as a browser would."""
    from django.urls import reverse

    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("login"), data, headers={"user-agent": user_agent})
