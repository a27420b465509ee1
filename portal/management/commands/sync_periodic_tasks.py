"""Create the celery beat schedule rows declared by the apps (``periodic_tasks`` on each AppConfig)."""

from django.core.management.base import BaseCommand, CommandError

from portal.periodic import collect_periodic_tasks, sync_periodic_tasks, unknown_tasks


class Command(BaseCommand):
    help = (
        "Create the django-celery-beat periodic tasks declared by the apps that do not exist yet (matched by name). "
        "Rows that exist are left as the admins edited them."
    )

    def handle(self, *args, **options):
        specs = collect_periodic_tasks()
        if unknown := unknown_tasks(specs):
            raise CommandError("No Celery task registered for: " + "; ".join(unknown))
        created = sync_periodic_tasks(specs)
        for name in created:
            self.stdout.write(f"  created {name}")
        self.stdout.write(
            self.style.SUCCESS(f"Periodic tasks: {len(created)} created, {len(specs) - len(created)} already present.")
        )
