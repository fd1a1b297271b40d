"""a low-stock threshold per product

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 12:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stock_minimum',
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('minimum', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_minimum_product_id_product')),
        sa.PrimaryKeyConstraint('product_id', name=op.f('pk_stock_minimum')),
    )


def downgrade() -> None:
    op.drop_table('stock_minimum')
