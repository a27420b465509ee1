"""What a label says: for each kind of thing, the code to encode and the lines printed under it, and the label
sizes the portal prints (one label per page for label printers, or a sheet of 24 for office printers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .kinds import label_kinds

MAX_LABELS = 500


@dataclass(frozen=True)
class Size:
    key: str
    label: str
    page: str  # CSS @page size
    margin: str
    columns: int = 1
    rows: int = 1
    label_w: str = "100%"
    label_h: str = "100%"
    compact: bool = False  # small labels: Code 128 only and one line of text


SIZES = {size.key: size for size in (
    Size("4x6", _("4 × 6 in shipping label (one per page)"), "4in 6in", "0.2in", label_w="3.6in", label_h="5.6in"),
    Size("2x1", _("2 × 1 in small label (one per page)"), "2in 1in", "0.06in", label_w="1.88in", label_h="0.88in",
         compact=True),
    Size("a4-24", _("A4 sheet of 24 (3 × 8, 70 × 37 mm)"), "A4", "0mm", columns=3, rows=8, label_w="33.33%",
         label_h="37.1mm", compact=True),  # 37.125 mm pitch; a hair less so 8 rows never spill to a new page
)}


@dataclass
class Label:
    code: str
    title: str
    lines: list[str] = field(default_factory=list)


def find_machines(codes: list[str]) -> tuple[list[Label], list[str]]:
    from portal.models import Machine

    labels, missing = [], []
    machines = Machine.objects.filter(code__in=codes, active=True).select_related("line").order_by("line__code")
    by_code: dict[str, list] = {}
    for machine in machines:
        by_code.setdefault(machine.code, []).append(machine)
    for code in codes:
        if code not in by_code:
            missing.append(code)
        labels.extend(Label(m.code, str(_("Machine")), [m.name, f"{_('Line')}: {m.line.code}"])
                      for m in by_code.get(code, []))
    return labels, missing


def parse_codes(text: str) -> list[str]:
    """One code per line (or separated by commas/spaces as a scanner may type them), upper-cased, in order, once."""
    seen: dict[str, None] = {}
    for token in text.replace(",", "\n").split():
        seen.setdefault(token.strip().upper(), None)
    return list(seen)


def labels_for(kind: str, codes: list[str], copies: int = 1) -> tuple[list[Label], list[str]]:
    """The labels of ``codes`` of ``kind`` (each ``copies`` times) and the codes that were not found."""
    labels, missing = label_kinds()[kind].find(codes)
    return [label for label in labels for _copy in range(copies)], missing


def pages(labels: list[Label], size: Size) -> list[list[Label]]:
    per_page = size.columns * size.rows
    return [labels[i:i + per_page] for i in range(0, len(labels), per_page)]
