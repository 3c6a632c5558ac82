"""One module per window of the manual; `register()` adds them all to the app."""

from pages import (
    auth,
    bases,
    home,
    manager,
    manager_numbering,
    not_found,
    placeholders,
    senders,
    stoplist,
    subscribers,
    templates,
)


def register() -> None:
    """Register every page of the cabinet."""
    for module in (
        auth,
        home,
        bases,
        subscribers,
        stoplist,
        templates,
        senders,
        manager,
        manager_numbering,
        placeholders,
        not_found,
    ):
        module.create()
