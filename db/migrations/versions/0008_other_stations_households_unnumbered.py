"""a station keeps no ID number, bank account or phone of another station's households

Earlier district pulls handed every terminal the whole registry with its numbers; this removes what
they left of households whose home is another station.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:30:00
"""
from __future__ import annotations

from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE household SET id_number_enc = NULL, id_number_hash = NULL, id_number_last4 = '', "
        "bank_account_enc = NULL, bank_account_last4 = '', phone = '' "
        "WHERE home_station_code <> (SELECT code FROM station LIMIT 1)"
    )


def downgrade() -> None:
    pass  # what was removed is not kept anywhere on the station
