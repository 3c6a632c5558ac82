"""Who a user is in the cabinet."""

from enum import StrEnum


class UserRole(StrEnum):
    """`client` works in one account's cabinet; `manager` is the aggregator's staff and sees every account."""

    client = 'client'
    manager = 'manager'
