"""Reference rows (laser thresholds and follow-up templates, maintenance priorities) survive a flush: a database
emptied by ``flush`` still escalates a stuck quote and still has its priority levels."""

import pytest
from django.core.management import call_command

from laser.models import FollowUpTemplate, StageThreshold
from maintenance.models import Priority


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_its_reference_rows_back():
    StageThreshold.objects.filter(stage="quotes").update(days=9)  # an admin's own threshold
    call_command("flush", interactive=False, verbosity=0)
    assert Priority.objects.count() == 4
    assert FollowUpTemplate.objects.filter(stage="quotes", language="es").exists()
    assert StageThreshold.objects.filter(stage="quotes").exists()


@pytest.mark.django_db
def test_writing_them_again_keeps_an_admins_edits():
    from django.apps import apps

    from portal.reference_data import writers

    StageThreshold.objects.filter(stage="quotes").update(days=9)
    before = (Priority.objects.count(), FollowUpTemplate.objects.count(), StageThreshold.objects.count())
    for write in writers():
        write(apps, None)
    assert StageThreshold.objects.get(stage="quotes").days == 9
    assert (Priority.objects.count(), FollowUpTemplate.objects.count(), StageThreshold.objects.count()) == before
