from django.db import migrations

# Four levels to start from; maintenance admins change targets and names in the admin.
LEVELS = [
    (1, "Critical", "Crítica", "0.5", "4", "danger"),
    (2, "High", "Alta", "1", "8", "warning"),
    (3, "Normal", "Normal", "4", "24", "info"),
    (4, "Low", "Baja", "8", "80", "secondary"),
]


def add_levels(apps, schema_editor):
    Priority = apps.get_model("maintenance", "Priority")
    for rank, name, name_es, response, resolution, colour in LEVELS:
        Priority.objects.get_or_create(rank=rank, defaults={
            "name": name, "name_es": name_es, "response_hours": response, "resolution_hours": resolution,
            "colour": colour})


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0001_initial")]
    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
