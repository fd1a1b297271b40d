"""Alembic environment for the district server (PostgreSQL or SQLite)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from pos_app.server.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///district.db")
    with create_engine(url).connect() as conn:
        _run(conn)
        conn.commit()


run_migrations_online()
