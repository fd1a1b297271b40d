"""several tills, one station: the district's figures for the station, settlements reserved at
the district

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 20:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'district_stock',
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('station', sa.Integer(), nullable=False),
        sa.Column('own', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('product_id', name=op.f('pk_district_stock')),
    )
    op.create_table(
        'district_balance',
        sa.Column('household_code', sa.String(length=32), nullable=False),
        sa.Column('balance_fen', sa.Integer(), nullable=False),
        sa.Column('own_fen', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('household_code', name=op.f('pk_district_balance')),
    )
    op.create_table(
        'settlement_attempt',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('household_id', sa.String(length=36), nullable=False),
        sa.Column('state', sa.String(length=8), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_settlement_attempt_household_id_household')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_settlement_attempt')),
    )
    op.create_index(op.f('ix_settlement_attempt_household_id'), 'settlement_attempt', ['household_id'], unique=False)
    with op.batch_alter_table('payout', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reservation_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('payout', schema=None) as batch_op:
        batch_op.drop_column('reservation_id')
    op.drop_index(op.f('ix_settlement_attempt_household_id'), table_name='settlement_attempt')
    op.drop_table('settlement_attempt')
    op.drop_table('district_balance')
    op.drop_table('district_stock')
