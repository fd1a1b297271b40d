"""Where the product's own files are: resources (fonts, translations, theme), migrations, seed data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"
I18N = RESOURCES / "i18n"
THEME = RESOURCES / "theme.qss"
ELDER_THEME = RESOURCES / "theme_elder.qss"  # laid over THEME in the elder-friendly mode
MIGRATIONS = ROOT / "db" / "migrations"
SEED = ROOT / "db" / "seed"
