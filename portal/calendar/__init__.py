"""The plant's working calendar, one per facility: arithmetic.py (plain Python: working time, due moments, the
next working shift, working seconds per production day) and store.py (the calendar of a facility, read from its
shifts, working days and holidays)."""
