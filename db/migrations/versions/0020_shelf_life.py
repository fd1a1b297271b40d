"""a product's shelf life in days (what a label scale prints)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 22:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'shelf_life',
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_shelf_life_product_id_product')),
        sa.PrimaryKeyConstraint('product_id', name=op.f('pk_shelf_life')),
    )


def downgrade() -> None:
    op.drop_table('shelf_life')
