"""audit chain continuity per terminal

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 00:10:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from pos_app.server.models import UTCTime


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_link',
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=36), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('expected_prev', sa.String(length=64), nullable=False),
    sa.Column('broken', sa.Boolean(), nullable=False),
    sa.Column('at', UTCTime(), nullable=False),
    sa.Column('received_at', UTCTime(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], name=op.f('fk_audit_link_terminal_id_terminal')),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_audit_link'))
    )
    op.create_index('ix_audit_link_terminal_n', 'audit_link', ['terminal_id', 'n'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_audit_link_terminal_n', table_name='audit_link')
    op.drop_table('audit_link')
