"""The working calendar moves to the core (portal.WorkingDays, portal.Holiday: one per facility, used by
maintenance SLAs, planning and OEE): every row is copied there, then maintenance's own tables go. Reversible: going
back copies the core's rows into maintenance's tables again."""

from django.db import migrations

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _copy(source_days, source_holidays, target_days, target_holidays):
    for row in source_days.objects.all():
        target_days.objects.update_or_create(facility_id=row.facility_id,
                                             defaults={day: getattr(row, day) for day in DAYS})
    for row in source_holidays.objects.all():
        target_holidays.objects.update_or_create(facility_id=row.facility_id, date=row.date,
                                                 defaults={"name": row.name})


def to_core(apps, schema_editor):
    _copy(apps.get_model("maintenance", "WorkingDays"), apps.get_model("maintenance", "Holiday"),
          apps.get_model("portal", "WorkingDays"), apps.get_model("portal", "Holiday"))


def back_from_core(apps, schema_editor):
    _copy(apps.get_model("portal", "WorkingDays"), apps.get_model("portal", "Holiday"),
          apps.get_model("maintenance", "WorkingDays"), apps.get_model("maintenance", "Holiday"))


class Migration(migrations.Migration):

    dependencies = [
        ('maintenance', '0007_report_keys_per_user_drop_ticketcommand'),
        ('portal', '0017_working_calendar'),
    ]

    operations = [
        migrations.RunPython(to_core, back_from_core),
        migrations.RemoveField(
            model_name='workingdays',
            name='facility',
        ),
        migrations.DeleteModel(
            name='Holiday',
        ),
        migrations.DeleteModel(
            name='WorkingDays',
        ),
    ]
