"""Sign-in: Active Directory (LDAP) and local accounts, lockout, single session, login history."""
