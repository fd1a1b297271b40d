"""each barcode a certificate lists, one indexed row: a product that arrives after its certificate
is linked at once

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 07:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'certificate_code',
        sa.Column('certificate_id', sa.String(length=36), nullable=False),
        sa.Column('code', sa.String(length=48), nullable=False),
        sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_certificate_code_certificate_id_certificate')),
        sa.PrimaryKeyConstraint('certificate_id', 'code', name=op.f('pk_certificate_code')),
    )
    op.create_index(op.f('ix_certificate_code_code'), 'certificate_code', ['code'], unique=False)
    conn = op.get_bind()
    rows = [
        {"certificate_id": cid, "code": code}
        for cid, barcodes in conn.execute(sa.text("SELECT id, barcodes FROM certificate WHERE barcodes <> ''"))
        for code in sorted({c for c in barcodes.split(";") if c})
    ]
    if rows:
        conn.execute(sa.text("INSERT INTO certificate_code (certificate_id, code) VALUES (:certificate_id, :code)"), rows)


def downgrade() -> None:
    op.drop_index(op.f('ix_certificate_code_code'), table_name='certificate_code')
    op.drop_table('certificate_code')
