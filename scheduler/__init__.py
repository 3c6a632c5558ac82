"""The embedded APScheduler: started with the app on its event loop, stopped with it.

Jobs are thin `async def`s that call a domain service; the database, not the job store, holds the truth. The
delivery engine (domain/services/dispatch.py) runs its own claim/submit loops, started next to the scheduler by
commands.on_startup; its reconciliation round (expiry, orphan receipts, messages in doubt) is a job here.
"""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from domain.services import dispatch, payments, reports

_scheduler: AsyncIOScheduler | None = None


def start() -> AsyncIOScheduler:
    """Start the scheduler on the running event loop (call from app.on_startup)."""
    global _scheduler  # one scheduler per process
    # A job whose time passed while the app was down must still run once, not be dropped silently.
    scheduler = AsyncIOScheduler(timezone='UTC', job_defaults={'misfire_grace_time': None, 'coalesce': True})
    scheduler.add_job(reconcile_payments, 'interval', minutes=1, id='reconcile_payments', max_instances=1)
    scheduler.add_job(clean_reports, 'interval', hours=1, id='clean_reports', max_instances=1)
    scheduler.add_job(reconcile_dispatch, 'interval', seconds=2, id='reconcile_dispatch', max_instances=1)
    scheduler.start()
    _scheduler = scheduler
    return scheduler


async def reconcile_payments() -> int:
    """Credit or decline provider payments left pending (a lost notification, a crash before the credit)."""
    return await payments.reconcile_pending()


async def clean_reports() -> int:
    """Delete generated reports older than REPORT_TTL_HOURS with their files."""
    return await reports.delete_expired()


async def reconcile_dispatch() -> None:
    """The delivery engine's round: late receipts, messages in doubt after a crash, expiry in our queue."""
    await dispatch.maintain()


def running() -> bool:
    """True while the scheduler of this process runs."""
    return _scheduler is not None and _scheduler.running


def stop() -> None:
    """Stop the scheduler without waiting for running jobs (call from app.on_shutdown)."""
    global _scheduler
    if _scheduler is not None and _scheduler.running:
        _scheduler.shutdown(wait=False)
    _scheduler = None
