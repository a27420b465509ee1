from django.core.management.base import BaseCommand, CommandError

from portal.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Make each role group (AD group name) hold exactly the permissions of the matrix in portal/roles.py."

    def handle(self, *args, **options):
        problems = sync_roles()
        if problems:
            raise CommandError("Unknown permissions in the matrix:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS(f"Synced {len(ROLES)} roles."))
