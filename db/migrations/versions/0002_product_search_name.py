"""product.search_name: the name folded (NFKC, lower case, no spaces) for the search index

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fold(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).lower().split())


def upgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("search_name", sa.String(length=100), nullable=False, server_default=""))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM product")).fetchall()
    if rows:
        conn.execute(
            sa.text("UPDATE product SET search_name = :s WHERE id = :i"),
            [{"s": _fold(name), "i": pid} for pid, name in rows],
        )


def downgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.drop_column("search_name")
