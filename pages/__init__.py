"""One module per window of the manual; `register()` adds them all to the app."""

from pages import auth, bases, home, manager, not_found, placeholders


def register() -> None:
    """Register every page of the cabinet."""
    for module in (auth, home, bases, manager, placeholders, not_found):
        module.create()
