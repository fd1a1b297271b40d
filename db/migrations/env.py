"""Alembic environment for the station database (SQLite, batch mode)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from pos_app.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        transactional_ddl=True,  # SQLite DDL is transactional: a failed migration leaves nothing behind
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    path = context.get_x_argument(as_dictionary=True).get("db", "station.db")
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        _run(conn)


run_migrations_online()
