"""The reason tree as the floor pages show it: the active categories (a branch under a retired category is retired
with it), top level first, each category's active children, labels and the least crew a reason needs; one query.

The tablet chooses a reason one tap per level (docs/downtime-reasons.md): the top level is always shown, a
tap on a category with children opens its panel below, a tap on a leaf chooses it, and "Up" closes the deepest
panel. Everything is in the page, so it works offline as the rest of the form does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from downtime.models import WAITING_CODE, Category


@dataclass
class ReasonTree:
    roots: list[Category] = field(default_factory=list)
    branches: list[Category] = field(default_factory=list)  # categories with active children, depth-first


def reason_tree() -> ReasonTree:
    """Every active reason (the machines' own "waiting" excluded) with ``active_children``, ``label`` (the full
    name), ``chain`` (the pks from the top down, space-separated), ``up`` (its parent's pk or "") and
    ``min_crew`` (0 when it or a category above it allows a crew of 0), in the configured order."""
    tree = ReasonTree()
    kept: dict[int, Category] = {}
    for category in Category.objects.active().exclude(code=WAITING_CODE).order_by("sort_path"):
        parent = kept.get(category.parent_id) if category.parent_id else None
        if category.parent_id and parent is None:
            continue  # under a retired (or waiting) category: not offered
        category.active_children = []
        if parent is None:
            category.label, category.chain, category.up = category.localized_name, str(category.pk), ""
            category.no_crew = category.allows_no_crew
            tree.roots.append(category)
        else:
            category.label = f"{parent.label} › {category.localized_name}"
            category.chain, category.up = f"{parent.chain} {category.pk}", str(parent.pk)
            category.no_crew = category.allows_no_crew or parent.no_crew
            parent.active_children.append(category)
        category.min_crew = 0 if category.no_crew else 1
        kept[category.pk] = category
    tree.branches = [category for category in kept.values() if category.active_children]
    return tree


def leaves_by_root(tree: ReasonTree) -> list[tuple[Category, list[Category]]]:
    """Each top-level category with the leaves under it at any depth (a leaf top-level category with none); a
    leaf's ``below_root`` is its name under the top level ("Conveyor › Belt slip"), for a grouped select."""
    def leaves(category: Category) -> list[Category]:
        if not category.active_children:
            return [category]
        return [leaf for child in category.active_children for leaf in leaves(child)]

    grouped = []
    for root in tree.roots:
        found = leaves(root) if root.active_children else []
        for leaf in found:
            leaf.below_root = leaf.label.removeprefix(f"{root.label} › ")
        grouped.append((root, found))
    return grouped
