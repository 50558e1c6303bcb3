"""The operator console and the supervisor dashboard: static pages calling the /v1 API."""
