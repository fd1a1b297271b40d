"""the district pays out households it settles itself

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 00:40:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('payout', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('paid_by', sa.String(length=64), nullable=False, server_default=''))
        batch_op.alter_column('station_id', existing_type=sa.String(length=36), nullable=True)
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.alter_column('station_id', existing_type=sa.String(length=36), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.alter_column('station_id', existing_type=sa.String(length=36), nullable=False)
    with op.batch_alter_table('payout', schema=None) as batch_op:
        batch_op.alter_column('station_id', existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_column('paid_by')
        batch_op.drop_column('reference')
