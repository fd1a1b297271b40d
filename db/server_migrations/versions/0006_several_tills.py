"""several tills, one station: products registered from tills, each till's share of stock and
balances, settlement reservations

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 20:00:00
"""
from __future__ import annotations

import json

from alembic import op
import sqlalchemy as sa

from pos_app.server import totals
from pos_app.server.models import UTCTime


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terminal_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('reservation_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_ledger_entry_reservation_id'), ['reservation_id'], unique=False)
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terminal_id', sa.String(length=36), nullable=True))
    op.create_index('ix_sale_station_receipt', 'sale', ['station_id', 'receipt_no'], unique=False)
    op.create_table('terminal_stock',
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('on_hand', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('station_id', 'terminal_id', 'product_id', name=op.f('pk_terminal_stock'))
    )
    op.create_table('terminal_balance',
    sa.Column('terminal_id', sa.String(length=36), nullable=False),
    sa.Column('household_code', sa.String(length=32), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('terminal_id', 'household_code', name=op.f('pk_terminal_balance'))
    )
    op.create_table('settlement_reservation',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('household_code', sa.String(length=32), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=36), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('payout_id', sa.String(length=36), nullable=True),
    sa.Column('reserved_at', UTCTime(), nullable=False),
    sa.Column('closed_at', UTCTime(), nullable=True),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_settlement_reservation_station_id_station')),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], name=op.f('fk_settlement_reservation_terminal_id_terminal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settlement_reservation'))
    )
    op.create_index(op.f('ix_settlement_reservation_household_code'), 'settlement_reservation', ['household_code'], unique=False)
    op.create_table('station_product',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('body_json', sa.Text(), nullable=False),
    sa.Column('changed_at', UTCTime(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', UTCTime(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_station_product_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_product'))
    )
    op.create_index(op.f('ix_station_product_station_id'), 'station_product', ['station_id'], unique=False)
    op.create_index(op.f('ix_station_product_version'), 'station_product', ['version'], unique=False)
    # Which till booked each entry and moved each stock row, from the facts the district kept.
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE ledger_entry SET terminal_id = (SELECT f.terminal_id FROM fact f WHERE f.entity_id ="
        " COALESCE(ledger_entry.refund_id, ledger_entry.payout_id, ledger_entry.sale_id))"
        " WHERE station_id IS NOT NULL"
    ))
    conn.execute(sa.text(
        "UPDATE stock_movement SET terminal_id = (SELECT f.terminal_id FROM fact f WHERE f.entity_id = stock_movement.id)"
    ))
    rows = []
    for terminal_id, payload in conn.execute(
        sa.text("SELECT terminal_id, payload_json FROM fact WHERE entity_type IN ('sale', 'refund')")
    ):
        rows += [{"t": terminal_id, "id": r["id"]} for r in json.loads(payload).get("stock", [])]
    if rows:
        conn.execute(sa.text("UPDATE stock_movement SET terminal_id = :t WHERE id = :id"), rows)
    totals.rebuild(conn, parts=("report", "tills"))


def downgrade() -> None:
    op.drop_index(op.f('ix_station_product_version'), table_name='station_product')
    op.drop_index(op.f('ix_station_product_station_id'), table_name='station_product')
    op.drop_table('station_product')
    op.drop_index(op.f('ix_settlement_reservation_household_code'), table_name='settlement_reservation')
    op.drop_table('settlement_reservation')
    op.drop_table('terminal_balance')
    op.drop_table('terminal_stock')
    op.drop_index('ix_sale_station_receipt', table_name='sale')
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_column('terminal_id')
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_entry_reservation_id'))
        batch_op.drop_column('reservation_id')
        batch_op.drop_column('terminal_id')
