"""Alembic migrations of the case store; run through ``triage.db.init_db``."""
