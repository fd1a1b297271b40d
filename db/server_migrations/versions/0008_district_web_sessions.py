"""the district office's web pages: signed-in sessions, a lock-out after repeated wrong passwords,
and shifts reconciled: a refund keeps the till's shift, sales and refunds are found by it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 23:00:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from pos_app.server.models import UTCTime


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'web_session',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('username', sa.String(length=32), nullable=False),
        sa.Column('csrf', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCTime(), nullable=False),
        sa.Column('last_seen_at', UTCTime(), nullable=False),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_web_session')),
    )
    op.add_column('admin_user', sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('admin_user', sa.Column('locked_until', UTCTime(), nullable=True))
    op.add_column('refund', sa.Column('shift_id', sa.String(length=36), nullable=True))
    op.create_index(op.f('ix_refund_shift_id'), 'refund', ['shift_id'], unique=False)
    op.create_index(op.f('ix_sale_shift_id'), 'sale', ['shift_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_sale_shift_id'), table_name='sale')
    op.drop_index(op.f('ix_refund_shift_id'), table_name='refund')
    op.execute("ALTER TABLE refund DROP COLUMN shift_id")
    with op.batch_alter_table('admin_user') as batch:
        batch.drop_column('locked_until')
        batch.drop_column('failed_logins')
    op.drop_table('web_session')
