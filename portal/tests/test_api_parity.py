"""Meta-test (issue 32): every create and every workflow action a page offers is in the REST API
(portal/testing/parity.py, driven by the workflow definitions and the URLconf)."""

from portal.testing.parity import Offer, api_offers, missing_in_api, page_offers

# Offers of pages that the API still lacks, each named so that the list cannot grow unseen; remove an entry when
# its endpoint lands (the test fails on a closed gap too, to keep this list exact).
KNOWN_GAPS: dict = {}


def test_every_page_action_is_in_the_api():
    assert missing_in_api() == KNOWN_GAPS


def test_quality_pages_and_api_offer_the_same_actions():
    quality = {offer for offer in page_offers() if offer.app == "quality"}
    # every workflow model of quality, its transitions, comments and creates
    assert {o.model for o in quality} == {"quality.sopticket", "quality.internalreject", "quality.customerreturn",
                                          "quality.ncr", "quality.capa", "quality.returnphoto"}
    assert Offer("quality.sopticket", "create") in quality and Offer("quality.ncr", "contain") in quality
    assert quality <= api_offers()


def test_the_comparison_sees_a_missing_action(monkeypatch):
    from quality.api import views

    monkeypatch.delattr(views.NcrViewSet.capas, "creates")
    assert Offer("quality.capa", "create") in missing_in_api({"quality"})["quality"]
