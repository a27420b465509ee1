"""What each app's pages offer against what its REST API offers (issue 32: every workflow in the API).

Driven by the URLconf and the workflow definitions (portal/workflow): a page offers

- every transition of a model routed to a ``WorkflowActionView`` (its record's panel), and ``comment``;
- ``create`` of the model named by ``portal.workflow.api.creates`` on a page view;

and the API offers, per DRF route that accepts POST: ``create`` of the viewset's model (or of the model an action
names with ``creates``), every transition of its model on a ``transition`` action (``WorkflowActionsMixin``, or a
module's own action of that name), ``comment`` on a ``comment`` action. ``missing_in_api()`` is what a page offers
that the API does not, per app label.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .urlwalk import walk


@dataclass(frozen=True, order=True)
class Offer:
    model: str  # "app_label.modelname"
    action: str  # "create", a transition's name, or "comment"

    @property
    def app(self) -> str:
        return self.model.split(".")[0]


def _label(model) -> str:
    return model._meta.label_lower


def _workflow_offers(model) -> set[Offer]:
    return {Offer(_label(model), t.name) for t in model.workflow.transitions} | {Offer(_label(model), "comment")}


def _model_of(viewset) -> type | None:
    model = getattr(viewset, "workflow_model", None)
    if model is None and getattr(viewset, "queryset", None) is not None:
        model = viewset.queryset.model
    if model is None:
        serializer = getattr(viewset, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
    return model


def page_offers() -> set[Offer]:
    from portal.workflow.views import WorkflowActionView

    offers: set[Offer] = set()
    for url in walk():
        if url.is_api or url.is_admin:
            continue
        view = url.view_class
        if view is not None and issubclass(view, WorkflowActionView) and view.model is not None:
            offers |= _workflow_offers(view.model)
        created = getattr(url.callback, "creates", None) or getattr(view, "creates", None)
        if created is not None:
            offers.add(Offer(_label(created), "create"))
    return offers


def api_offers() -> set[Offer]:
    offers: set[Offer] = set()
    for url in walk():
        if not url.is_api:
            continue
        viewset, actions = url.callback.cls, getattr(url.callback, "actions", None) or {}
        model = _model_of(viewset)
        for method, name in actions.items():
            if method != "post":
                continue
            created = getattr(getattr(viewset, name, None), "creates", None)
            if created is not None:
                offers.add(Offer(_label(created), "create"))
            elif name == "create" and model is not None:
                offers.add(Offer(_label(model), "create"))
            elif name == "transition" and model is not None and hasattr(model, "workflow"):
                offers |= {o for o in _workflow_offers(model) if o.action != "comment"}
            elif name == "comment" and model is not None:
                offers.add(Offer(_label(model), "comment"))
    return offers


def missing_in_api(apps: set[str] | None = None) -> dict[str, list[Offer]]:
    """Per app label, what its pages offer and its API does not (only ``apps`` when given)."""
    missing: dict[str, list[Offer]] = defaultdict(list)
    for offer in sorted(page_offers() - api_offers()):
        if apps is None or offer.app in apps:
            missing[offer.app].append(offer)
    return dict(missing)
