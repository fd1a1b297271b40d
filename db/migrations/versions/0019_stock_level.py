"""each product's on-hand at this till, kept by a trigger on stock_movement; products by name

Stock is the sum of its movements; summing them for every screen grows with the store's history.
``stock_level`` holds that sum per product, updated by the database itself in the same transaction
as every movement insert (sales, refunds, intakes, receipts, adjustments: every writer, no code path
can forget it). Movements are never updated or deleted.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 15:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stock_level',
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('on_hand', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('product_id', name=op.f('pk_stock_level')),
    )
    # the low-stock page walks products by name and stops at its 500th row
    op.create_index(op.f('ix_product_name'), 'product', ['name'], unique=False)
    op.execute(
        "INSERT INTO stock_level (product_id, on_hand) "
        "SELECT product_id, SUM(delta) FROM stock_movement GROUP BY product_id"
    )
    op.execute(
        "CREATE TRIGGER stock_level_after_movement AFTER INSERT ON stock_movement BEGIN "
        "INSERT INTO stock_level (product_id, on_hand) VALUES (NEW.product_id, NEW.delta) "
        "ON CONFLICT (product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand; "
        "END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS stock_level_after_movement")
    op.drop_index(op.f('ix_product_name'), table_name='product')
    op.drop_table('stock_level')
