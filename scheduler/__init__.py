"""The embedded APScheduler: started with the app on its event loop, stopped with it.

Jobs (dispatching due messages, expiring, reconciling, building reports) arrive with the issues that need them;
each is a thin `async def` that calls a domain service. The database, not the job store, holds the truth.
"""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from domain.services import payments

_scheduler: AsyncIOScheduler | None = None


def start() -> AsyncIOScheduler:
    """Start the scheduler on the running event loop (call from app.on_startup)."""
    global _scheduler  # one scheduler per process
    # A job whose time passed while the app was down must still run once, not be dropped silently.
    scheduler = AsyncIOScheduler(timezone='UTC', job_defaults={'misfire_grace_time': None, 'coalesce': True})
    scheduler.add_job(reconcile_payments, 'interval', minutes=1, id='reconcile_payments', max_instances=1)
    scheduler.start()
    _scheduler = scheduler
    return scheduler


async def reconcile_payments() -> int:
    """Credit or decline provider payments left pending (a lost notification, a crash before the credit)."""
    return await payments.reconcile_pending()


def running() -> bool:
    """True while the scheduler of this process runs."""
    return _scheduler is not None and _scheduler.running


def stop() -> None:
    """Stop the scheduler without waiting for running jobs (call from app.on_shutdown)."""
    global _scheduler
    if _scheduler is not None and _scheduler.running:
        _scheduler.shutdown(wait=False)
    _scheduler = None
