"""The counters next to menu items: unread news and answered questions for a client, unread tickets for managers."""

from domain.services import news, support, support_inbox
from domain.services.auth import SessionUser


async def menu_badges(user: SessionUser) -> dict[str, int]:
    """Counts by menu key (components.menu keys); the menu shows those above zero."""
    if user.is_manager:
        return {'tickets': await support_inbox.manager_unread_count()}
    counts = {'news': await news.unread_count(user_id=user.user_id)}
    if user.account_id is not None:
        counts['support'] = await support.client_unread_count(account_id=user.account_id)
    return counts
