"""the district office's pages answer from running totals: each till's receipt numbers (how many,
the highest), the households' months, the poverty-relief varieties' days (certified goods and households' goods), each
till's clock against the server's, and the received facts found by day and by refusal

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 01:00:00
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from pos_app.server import totals


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("terminal", sa.Column("clock_skew_s", sa.Integer(), nullable=True))
    op.create_table(
        "day_product",
        sa.Column("local_day", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("lines", sa.BigInteger(), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=False),
        sa.Column("weight_g", sa.BigInteger(), nullable=False),
        sa.Column("sales_fen", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("local_day", "kind", "certificate_no", "name", name=op.f("pk_day_product")),
    )
    op.create_table(
        "terminal_receipts",
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("highest", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("terminal_id", name=op.f("pk_terminal_receipts")),
    )
    op.create_table(
        "month_household",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("household_code", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("earned_fen", sa.BigInteger(), nullable=False),
        sa.Column("earned_entries", sa.BigInteger(), nullable=False),
        sa.Column("paid_fen", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "household_code", "month", name=op.f("pk_month_household")),
    )
    op.create_index("ix_day_household_day", "day_household", ["local_day"], unique=False)
    op.create_index("ix_received_op_received_at", "received_op", ["received_at"], unique=False)
    op.create_index(
        "ix_received_op_refused",
        "received_op",
        ["terminal_id", "received_at"],
        unique=False,
        postgresql_where=sa.text("status = 'rejected'"),
        sqlite_where=sa.text("status = 'rejected'"),
    )
    totals.rebuild(op.get_bind(), parts=("products",))


def downgrade() -> None:
    op.drop_index("ix_received_op_refused", table_name="received_op")
    op.drop_index("ix_received_op_received_at", table_name="received_op")
    op.drop_index("ix_day_household_day", table_name="day_household")
    op.drop_table("month_household")
    op.drop_table("terminal_receipts")
    op.drop_table("day_product")
    op.execute("ALTER TABLE terminal DROP COLUMN clock_skew_s")  # not batch: SQLite would rebuild a referenced table
