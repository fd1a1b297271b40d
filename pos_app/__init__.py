"""扶贫 POS: point of sale for poverty-relief supermarkets and elderly-care stations."""

__version__ = "0.1.0"
