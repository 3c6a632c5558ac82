"""Russian strings of the settings windows (ui_text/__init__.py merges ERRORS into the common table)."""

ERRORS: dict[str, str] = {}
