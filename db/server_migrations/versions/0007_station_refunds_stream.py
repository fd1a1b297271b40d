"""every till of a station learns the station's refunds: a refund takes a reference-data version
when the district accepts it, and the station_refunds stream hands it down

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:30:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no table rebuild: the refund's lines refer to it); every refund gets a version.
    op.add_column('refund', sa.Column('version', sa.BigInteger(), nullable=False, server_default='0'))
    conn = op.get_bind()
    n = conn.execute(sa.text("SELECT count(*) FROM refund")).scalar_one()
    if n:  # the refunds already held, in the order they arrived, after every version handed out
        first = conn.execute(
            sa.text("UPDATE version_counter SET value = value + :n WHERE id = 1 RETURNING value - :n + 1"), {"n": n}
        ).scalar_one()
        conn.execute(sa.text(
            "UPDATE refund SET version = r.v FROM (SELECT id, :first - 1 + row_number() OVER"
            " (ORDER BY received_at, id) AS v FROM refund) r WHERE refund.id = r.id"
        ), {"first": first})
    if conn.dialect.name == "postgresql":
        op.alter_column('refund', 'version', server_default=None)
    op.create_index(op.f('ix_refund_version'), 'refund', ['version'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_refund_version'), table_name='refund')
    op.execute("ALTER TABLE refund DROP COLUMN version")
