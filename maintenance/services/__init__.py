"""Maintenance services (plain functions, atomic, testable without HTTP).

Hook for other modules (the andon board): ``open_tickets_for_lines(line_ids) -> list[dict]``.
"""

from .tickets import open_ticket, open_tickets_for_lines

__all__ = ["open_ticket", "open_tickets_for_lines"]
