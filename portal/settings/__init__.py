"""Settings package: ``base`` (embedded defaults, development), ``production`` and ``test``."""
