from datetime import UTC, datetime, timedelta

import pytest

from domain.lockout import LOCK_MINUTES, MAX_FAILURES, LockState, after_failure, after_success, seconds_locked

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_four_failures_do_not_lock() -> None:
    state = LockState(failures=0, locked_until=None)
    for _ in range(MAX_FAILURES - 1):
        state = after_failure(state, NOW)
    assert state.failures == MAX_FAILURES - 1
    assert seconds_locked(state, NOW) == 0


def test_the_fifth_failure_locks_for_five_minutes_and_restarts_the_count() -> None:
    state = LockState(failures=MAX_FAILURES - 1, locked_until=None)
    state = after_failure(state, NOW)
    assert state.locked_until == NOW + timedelta(minutes=LOCK_MINUTES)
    assert state.failures == 0
    assert seconds_locked(state, NOW) == LOCK_MINUTES * 60


@pytest.mark.parametrize(
    ('elapsed', 'left'),
    [(timedelta(0), 300), (timedelta(seconds=299.5), 1), (timedelta(minutes=5), 0), (timedelta(hours=1), 0)],
)
def test_the_lock_runs_out(elapsed: timedelta, left: int) -> None:
    state = LockState(failures=0, locked_until=NOW + timedelta(minutes=5))
    assert seconds_locked(state, NOW + elapsed) == left


def test_a_failure_while_locked_does_not_extend_the_lock() -> None:
    locked = LockState(failures=0, locked_until=NOW + timedelta(minutes=5))
    assert after_failure(locked, NOW + timedelta(minutes=1)) == locked


def test_success_clears_everything() -> None:
    assert after_success() == LockState(failures=0, locked_until=None)
