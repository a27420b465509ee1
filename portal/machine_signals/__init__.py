"""Machine signals: machines log their own state and counts over MQTT (docs/machine-signals.md).

``payloads`` decodes a message (plain JSON or Sparkplug B) into readings; ``ingest`` stores each message once and
turns readings into counts per minute and detected stops; ``stops`` hands detected stops to the downtime app's
write service (``settings.MACHINE_SIGNAL_STOP_WRITER``); ``listener`` is the MQTT client the
``signal_listener`` command runs; ``status`` tells a board whether a machine runs, stands or is silent.
"""
