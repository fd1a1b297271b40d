"""a refund may take back a sale made at another till of the station (the sale and its lines are
the district's copy, not rows of this file); every till keeps the station's refunds

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'district_refund',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('sale_id', sa.String(length=36), nullable=False),
        sa.Column('fact_json', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_district_refund')),
    )
    op.create_index(op.f('ix_district_refund_sale_id'), 'district_refund', ['sale_id'], unique=False)
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_constraint('fk_refund_sale_id_sale', type_='foreignkey')
    with op.batch_alter_table('refund_line', schema=None) as batch_op:
        batch_op.drop_constraint('fk_refund_line_sale_line_id_sale_line', type_='foreignkey')


def downgrade() -> None:
    with op.batch_alter_table('refund_line', schema=None) as batch_op:
        batch_op.create_foreign_key(
            'fk_refund_line_sale_line_id_sale_line', 'sale_line', ['sale_line_id'], ['id']
        )
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_refund_sale_id_sale', 'sale', ['sale_id'], ['id'])
    op.drop_index(op.f('ix_district_refund_sale_id'), table_name='district_refund')
    op.drop_table('district_refund')
