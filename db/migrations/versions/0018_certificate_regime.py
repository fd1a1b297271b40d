"""a certificate's regime (2020 扶贫产品认定 / 2024 消费帮扶产品认定), issuer and batch

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 15:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('certificate', sa.Column('regime', sa.String(length=16), nullable=False, server_default=''))
    op.add_column('certificate', sa.Column('issuer', sa.String(length=100), nullable=False, server_default=''))
    op.add_column('certificate', sa.Column('batch', sa.String(length=32), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('certificate') as batch:
        batch.drop_column('batch')
        batch.drop_column('issuer')
        batch.drop_column('regime')
