"""The audit log: append-only records of security events and manager actions."""

from storage.models import AuditEvent


class AuditKind:
    """Kinds of audit events (stable codes stored in the log)."""

    login = 'login'
    login_failed = 'login_failed'
    lockout = 'lockout'
    logout = 'logout'
    user_created = 'user_created'


async def record(
    kind: str,
    *,
    user_id: int | None = None,
    account_id: int | None = None,
    login: str = '',
    ip: str = '',
    details: str = '',
) -> None:
    """Append one event to the audit log."""
    await AuditEvent.create(
        kind=kind, user_id=user_id, account_id=account_id, login=login[:64], ip=ip[:64], details=details[:2000]
    )


async def recent(*, account_id: int | None, limit: int = 10) -> list[AuditEvent]:
    """The newest events of one account (or of everything, for a manager)."""
    query = AuditEvent.all().order_by('-id').limit(limit)
    if account_id is not None:
        query = query.filter(account_id=account_id)
    return await query
