"""Login throttling: after MAX_FAILURES wrong passwords a login is refused for LOCK_MINUTES."""

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
LOCK_MINUTES = 5


@dataclass(kw_only=True, slots=True, frozen=True)
class LockState:
    """What the user row stores about failed attempts."""

    failures: int
    locked_until: datetime | None


def seconds_locked(state: LockState, now: datetime) -> int:
    """Seconds left until the login may try again; 0 when it is not locked."""
    if state.locked_until is None or state.locked_until <= now:
        return 0
    return max(1, int((state.locked_until - now).total_seconds() + 0.999))


def after_failure(state: LockState, now: datetime) -> LockState:
    """The state after one more wrong password; the fifth one locks and restarts the count."""
    if seconds_locked(state, now):
        return state
    failures = state.failures + 1
    if failures >= MAX_FAILURES:
        return LockState(failures=0, locked_until=now + timedelta(minutes=LOCK_MINUTES))
    return LockState(failures=failures, locked_until=None)


def after_success() -> LockState:
    """A correct password clears the count."""
    return LockState(failures=0, locked_until=None)
