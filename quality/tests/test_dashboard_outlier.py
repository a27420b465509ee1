"""One bad entry does not spoil the quality dashboard (issue 34): a reject far above what its line can make (one
from before the plausibility check) is listed to be checked, with its link, and left out of the Pareto and the
weekly trend, which keep their real shares."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quality.models import InternalReject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plausibility")]


def _reject(plant, quantity, defect):
    return InternalReject.objects.create(line=plant["line"], part="P-1", quantity=quantity, defect=defect,
                                         created_by=plant["floor"], occurred_at=timezone.now())


def test_an_outlier_is_listed_to_check_and_left_out_of_the_pareto(client, plant):
    from quality.models import DefectCode

    oversize = DefectCode.objects.create(code="DIM-OVS", name="Oversize", parent=plant["main"])
    _reject(plant, 15, plant["scratch"])
    _reject(plant, 5, oversize)
    outlier = _reject(plant, 999_999_999, oversize)
    client.force_login(plant["inspector"])
    page = client.get(reverse("quality:dashboard"))
    html = page.content.decode()
    assert page.status_code == 200
    listed = html.split('id="outliers"')[1].split("</div>")[0]
    assert outlier.get_absolute_url() in listed and "999999999" in listed
    pareto = {row["code"]: row for row in page.context["pareto"]}
    assert pareto["SUR-SCR"]["units"] == 15 and pareto["DIM-OVS"]["units"] == 5
    assert pareto["SUR-SCR"]["share"].percent == 75.0 and not pareto["SUR-SCR"]["share"].impossible
    assert [row["cumulative"] for row in page.context["pareto"]] == [75.0, 100.0]
    assert sum(week["rejected"] for week in page.context["weeks"]) == 20


def test_without_outliers_nothing_is_flagged(client, plant):
    _reject(plant, 3, plant["scratch"])
    client.force_login(plant["inspector"])
    html = client.get(reverse("quality:dashboard")).content.decode()
    assert 'id="outliers"' not in html and "data-impossible" not in html
