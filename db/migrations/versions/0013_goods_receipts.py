"""goods receipts from suppliers and returns to them, with each product's moving-average cost

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 11:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'goods_receipt',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('doc_no', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('supplier_id', sa.String(length=36), nullable=False),
        sa.Column('delivery_note', sa.String(length=32), nullable=False),
        sa.Column('received_by', sa.String(length=36), nullable=True),
        sa.Column('at', sa.String(length=32), nullable=False),
        sa.Column('total_cost_fen', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['received_by'], ['app_user.id'], name=op.f('fk_goods_receipt_received_by_app_user')),
        sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], name=op.f('fk_goods_receipt_supplier_id_supplier')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_goods_receipt')),
        sa.UniqueConstraint('doc_no', name=op.f('uq_goods_receipt_doc_no')),
    )
    op.create_index(op.f('ix_goods_receipt_at'), 'goods_receipt', ['at'], unique=False)
    op.create_index(op.f('ix_goods_receipt_supplier_id'), 'goods_receipt', ['supplier_id'], unique=False)
    op.create_table(
        'goods_receipt_line',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('receipt_id', sa.String(length=36), nullable=False),
        sa.Column('line_no', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('unit_cost_fen', sa.Integer(), nullable=False),
        sa.Column('cost_fen', sa.Integer(), nullable=False),
        sa.Column('batch', sa.String(length=32), nullable=False),
        sa.Column('expiry', sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_goods_receipt_line_product_id_product')),
        sa.ForeignKeyConstraint(['receipt_id'], ['goods_receipt.id'], name=op.f('fk_goods_receipt_line_receipt_id_goods_receipt')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_goods_receipt_line')),
    )
    op.create_index(op.f('ix_goods_receipt_line_expiry'), 'goods_receipt_line', ['expiry'], unique=False)
    op.create_index(op.f('ix_goods_receipt_line_product_id'), 'goods_receipt_line', ['product_id'], unique=False)
    op.create_index(op.f('ix_goods_receipt_line_receipt_id'), 'goods_receipt_line', ['receipt_id'], unique=False)
    op.create_table(
        'product_cost',
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('average_fen', sa.Integer(), nullable=False),
        sa.Column('last_fen', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_cost_product_id_product')),
        sa.PrimaryKeyConstraint('product_id', name=op.f('pk_product_cost')),
    )


def downgrade() -> None:
    op.drop_table('product_cost')
    op.drop_index(op.f('ix_goods_receipt_line_receipt_id'), table_name='goods_receipt_line')
    op.drop_index(op.f('ix_goods_receipt_line_product_id'), table_name='goods_receipt_line')
    op.drop_index(op.f('ix_goods_receipt_line_expiry'), table_name='goods_receipt_line')
    op.drop_table('goods_receipt_line')
    op.drop_index(op.f('ix_goods_receipt_supplier_id'), table_name='goods_receipt')
    op.drop_index(op.f('ix_goods_receipt_at'), table_name='goods_receipt')
    op.drop_table('goods_receipt')
