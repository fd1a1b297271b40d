"""running totals for the district report, filled from the facts already held

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:00:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from pos_app.server import totals


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('day_station',
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('local_day', sa.String(length=10), nullable=False),
    sa.Column('sales_count', sa.BigInteger(), nullable=False),
    sa.Column('sales_fen', sa.BigInteger(), nullable=False),
    sa.Column('late_sales', sa.BigInteger(), nullable=False),
    sa.Column('refunds_fen', sa.BigInteger(), nullable=False),
    sa.Column('certified_fen', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_day_station_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'local_day', name=op.f('pk_day_station'))
    )
    op.create_table('day_household',
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('household_code', sa.String(length=32), nullable=False),
    sa.Column('local_day', sa.String(length=10), nullable=False),
    sa.Column('earned_fen', sa.BigInteger(), nullable=False),
    sa.Column('earned_entries', sa.BigInteger(), nullable=False),
    sa.Column('paid_fen', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('station_id', 'household_code', 'local_day', name=op.f('pk_day_household'))
    )
    op.create_table('day_buyer',
    sa.Column('buyer_name', sa.String(length=100), nullable=False),
    sa.Column('local_day', sa.String(length=10), nullable=False),
    sa.Column('total_fen', sa.BigInteger(), nullable=False),
    sa.Column('poverty_fen', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('buyer_name', 'local_day', name=op.f('pk_day_buyer'))
    )
    totals.rebuild(op.get_bind(), parts=("report",))


def downgrade() -> None:
    op.drop_table('day_buyer')
    op.drop_table('day_household')
    op.drop_table('day_station')
