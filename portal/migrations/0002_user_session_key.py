from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="session_key",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=40, verbose_name="current session"
            ),
        ),
    ]
