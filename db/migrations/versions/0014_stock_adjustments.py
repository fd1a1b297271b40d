"""stock adjustments: write-offs, stocktake differences, opening stock, each a document and a fact

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 12:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stock_adjustment',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('doc_no', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('reason', sa.String(length=32), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('by', sa.String(length=36), nullable=True),
        sa.Column('approved_by', sa.String(length=36), nullable=True),
        sa.Column('at', sa.String(length=32), nullable=False),
        sa.Column('value_fen', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['approved_by'], ['app_user.id'], name=op.f('fk_stock_adjustment_approved_by_app_user')),
        sa.ForeignKeyConstraint(['by'], ['app_user.id'], name=op.f('fk_stock_adjustment_by_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_adjustment')),
        sa.UniqueConstraint('doc_no', name=op.f('uq_stock_adjustment_doc_no')),
    )
    op.create_index(op.f('ix_stock_adjustment_at'), 'stock_adjustment', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_stock_adjustment_at'), table_name='stock_adjustment')
    op.drop_table('stock_adjustment')
