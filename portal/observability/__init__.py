"""Operations: request ids in every log line, JSON logs, Prometheus metrics (see docs/operations.md)."""
