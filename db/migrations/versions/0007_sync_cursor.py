"""district sync: pull cursors

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 03:30:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa



revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_cursor',
    sa.Column('stream', sa.String(length=32), nullable=False),
    sa.Column('cursor', sa.Integer(), nullable=False),
    sa.Column('applied_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('stream', name=op.f('pk_sync_cursor'))
    )


def downgrade() -> None:
    op.drop_table('sync_cursor')
