"""The case store: cases, operators' decisions, the audit log, and their HTTP API."""
