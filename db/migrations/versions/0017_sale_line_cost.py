"""a sale line's cost of goods at the moving average when it sold

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 14:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('sale_line', sa.Column('cost_fen', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sale_line') as batch:
        batch.drop_column('cost_fen')
