"""Russian strings of the sending windows: composer, planned mailings, awaiting payment.

ui_text/__init__.py merges ERRORS into the common table.
"""

ERRORS: dict[str, str] = {}
