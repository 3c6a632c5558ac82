"""Russian strings of the statistics windows (ui_text/__init__.py merges ERRORS into the common table)."""

ERRORS: dict[str, str] = {}
