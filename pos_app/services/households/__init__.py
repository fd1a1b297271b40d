"""Registered households and zero-profit pass-through (零利润), one module per job: the registry,
consignment intake, the ledger (income and balance), settlement. The money rule is stated once in
docs/architecture.md ("Zero-profit pass-through") and computed in ``domain/money_rules.py``."""
