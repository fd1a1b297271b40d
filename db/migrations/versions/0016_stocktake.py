"""stocktake (盘点) sessions and their counts

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 14:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stocktake',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('category', sa.String(length=32), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('started_by', sa.String(length=36), nullable=True),
        sa.Column('started_at', sa.String(length=32), nullable=False),
        sa.Column('closed_at', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(['started_by'], ['app_user.id'], name=op.f('fk_stocktake_started_by_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stocktake')),
    )
    op.create_table(
        'stocktake_count',
        sa.Column('stocktake_id', sa.String(length=36), nullable=False),
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('expected', sa.Integer(), nullable=False),
        sa.Column('counted', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=16), nullable=False),
        sa.Column('first_at', sa.String(length=32), nullable=False),
        sa.Column('last_at', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['stocktake_id'], ['stocktake.id'], name=op.f('fk_stocktake_count_stocktake_id_stocktake')),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stocktake_count_product_id_product')),
        sa.PrimaryKeyConstraint('stocktake_id', 'product_id', name=op.f('pk_stocktake_count')),
    )
    op.create_table(
        'stocktake_document',
        sa.Column('stocktake_id', sa.String(length=36), nullable=False),
        sa.Column('adjustment_id', sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(['stocktake_id'], ['stocktake.id'], name=op.f('fk_stocktake_document_stocktake_id_stocktake')),
        sa.ForeignKeyConstraint(['adjustment_id'], ['stock_adjustment.id'], name=op.f('fk_stocktake_document_adjustment_id_stock_adjustment')),
        sa.PrimaryKeyConstraint('stocktake_id', 'adjustment_id', name=op.f('pk_stocktake_document')),
    )


def downgrade() -> None:
    op.drop_table('stocktake_document')
    op.drop_table('stocktake_count')
    op.drop_table('stocktake')
