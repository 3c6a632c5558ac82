"""One module per window of the manual; `register()` adds them all to the app."""

from pages import (
    auth,
    bases,
    checkout,
    finance,
    home,
    manager,
    manager_audit,
    manager_invoices,
    manager_numbering,
    manager_tariffs,
    not_found,
    placeholders,
    senders,
    stoplist,
    subscribers,
    templates,
)


def register() -> None:
    """Register every page of the cabinet (the 404 handler last)."""
    windows = (auth, home, bases, subscribers, stoplist, templates, senders, finance, checkout)
    manager_windows = (manager, manager_numbering, manager_tariffs, manager_audit, manager_invoices)
    for module in (*windows, *manager_windows, placeholders, not_found):
        module.create()
