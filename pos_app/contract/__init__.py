"""What crosses between station and district: typed, versioned, imported by both sides.

The lowest layer above ``domain``: pydantic models and nothing else (no database, no HTTP, no Qt).
"""
