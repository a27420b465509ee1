"""Every list page of the portal follows the shared mechanism's declarations."""

import pytest

from portal.lists.views import PortalListView
from portal.testing.urlwalk import walk


def _list_views():
    found = {}
    for url in walk():
        view = url.view_class
        if isinstance(view, type) and issubclass(view, PortalListView):
            found[view.__qualname__] = view
    return list(found.values())


@pytest.mark.parametrize("view", _list_views(), ids=lambda v: v.__qualname__)
def test_default_sort_names_a_sortable_column(view):
    """A default sort that names no column silently falls back to row order; "" means "the tiebreak's order"."""
    sortable = {c.key for c in view.columns if c.sort}
    if view.default_sort == "":
        assert view.tiebreak, f"{view.__qualname__}: no default sort and no tiebreak"
        return
    assert view.default_sort.lstrip("-") in sortable, f"{view.__qualname__}.default_sort={view.default_sort!r}"


def test_the_walk_finds_the_list_pages():
    assert len(_list_views()) >= 8
