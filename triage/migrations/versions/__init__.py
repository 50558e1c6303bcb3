"""Alembic revisions (loaded by path; a package only so that installs include them)."""
