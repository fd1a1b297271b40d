"""Pure business rules: no Qt, no SQLAlchemy, no reportlab, no I/O."""
