"""Who a user is in the cabinet."""

from enum import StrEnum


class UserRole(StrEnum):
    """`client` works in one account's cabinet; `manager` is the aggregator's staff and sees every account."""

    client = 'client'
    manager = 'manager'


class AccountRole(StrEnum):
    """A client user's role inside the account: the owner manages users and money, an operator sends, a viewer reads
    statistics only."""

    owner = 'owner'
    operator = 'operator'
    viewer = 'viewer'
