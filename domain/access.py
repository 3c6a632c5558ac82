"""What each role inside a client account may open and do: the one table the pages, the menu and the services share.

```
owner     the whole client cabinet: bases, templates, sender names, sending, money (top-up, invoices), the users
operator  everything an owner does but money actions (top-up, invoices) and the users of the account
viewer    statistics only: Статистика СМС, reports, the monitor, news, the manual, support, own profile and password
```

Pages ask `may_open(role, path)` (cabinet_page does it for every client page) and `can(role, capability)` for the
buttons they draw; services that move money or manage users ask `can` again (defence in depth).
"""

from enum import StrEnum

from domain.roles import AccountRole


class Capability(StrEnum):
    """Something a client user may be allowed to do."""

    work = 'work'  # bases, templates, sender names, sending, scheduled and awaiting mailings, documents
    account_settings = 'account_settings'  # the account-wide part of «Настройки личного кабинета»
    pay = 'pay'  # «+ Пополнить счет»: card payments and bank-transfer invoices
    manage_users = 'manage_users'  # invite users, change their roles, block them


_CAPABILITIES: dict[AccountRole, frozenset[Capability]] = {
    AccountRole.owner: frozenset(Capability),
    AccountRole.operator: frozenset({Capability.work, Capability.account_settings}),
    AccountRole.viewer: frozenset(),
}

# The windows a viewer may open (each with everything under it, e.g. /stats/detail); '/' is the start page only.
VIEWER_PATHS = ('/stats', '/reports', '/monitor', '/news', '/manual', '/support', '/settings')


def can(role: AccountRole, capability: Capability) -> bool:
    """Tell whether a client user of this role may do this."""
    return capability in _CAPABILITIES[role]


def may_open(role: AccountRole, path: str) -> bool:
    """Tell whether a client user of this role may open the page at `path` (a route, '/reports/{id}' included)."""
    if role is not AccountRole.viewer or path == '/':
        return True
    return any(path == prefix or path.startswith(prefix + '/') for prefix in VIEWER_PATHS)
