"""One module per window of the manual; `register()` adds them all to the app."""

from pages import (
    auth,
    awaiting,
    bases,
    checkout,
    documents,
    finance,
    home,
    manager,
    manager_account,
    manager_audit,
    manager_invoices,
    manager_news,
    manager_numbering,
    manager_tariffs,
    manager_tickets,
    manual,
    monitor,
    news,
    not_found,
    placeholders,
    reports,
    scheduled,
    send,
    senders,
    settings,
    stats,
    stats_detail,
    stoplist,
    subscribers,
    support,
    templates,
)


def register() -> None:
    """Register every page of the cabinet (the 404 handler last)."""
    windows = (auth, home, bases, subscribers, stoplist, templates, senders, finance, checkout)
    sending = (send, scheduled, awaiting)
    manager_windows = (manager, manager_numbering, manager_tariffs, manager_audit, manager_invoices)
    more = (news, support, manager_news, manager_tickets)
    statistics = (stats, stats_detail, reports, monitor)
    console = (settings, documents, manual, manager_account)
    for module in (*windows, *sending, *statistics, *manager_windows, *more, *console, placeholders, not_found):
        module.create()
