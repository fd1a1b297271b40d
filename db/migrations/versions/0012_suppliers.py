"""suppliers: certified enterprises, cooperatives and village collectives the store buys from

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'supplier',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('credit_code', sa.String(length=18), nullable=False),
        sa.Column('contact', sa.String(length=32), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier')),
        sa.UniqueConstraint('code', name=op.f('uq_supplier_code')),
        sa.UniqueConstraint('credit_code', name=op.f('uq_supplier_credit_code')),
    )


def downgrade() -> None:
    op.drop_table('supplier')
