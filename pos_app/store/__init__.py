"""Persistence: SQLAlchemy models, the SQLite engine, the unit of work and migrations."""
