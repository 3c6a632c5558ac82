"""Payment providers behind one interface: the built-in test checkout and YooKassa (official `yookassa` SDK).

A provider creates a payment on its side and tells its state when asked. Nothing a notification's body says is
trusted: the services ask `fetch` and compare the answer with our Payment.

The test checkout plays a provider inside the app: its side of a payment lives in the `sandbox_checkout` table,
its card form is the page /checkout/test/{id}, and after the decision it POSTs a notification to our webhook over
real HTTP, as YooKassa would. YooKassa is configured by YOOKASSA_SHOP_ID, YOOKASSA_SECRET_KEY and YOOKASSA_API_URL
(the SDK's `Configuration.configure(api_url=...)` points it at a local fake in tests); the SDK is synchronous
(requests), so its calls run in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Protocol

import httpx
from yookassa import Configuration
from yookassa import Payment as YooPayment
from yookassa.domain.exceptions import NotFoundError
from yookassa.domain.notification import WebhookNotificationFactory

from domain.errors import DomainError
from storage.models import Payment, SandboxCheckout

log = logging.getLogger(__name__)

YOOKASSA_API_URL = 'https://api.yookassa.ru/v3'
SANDBOX_SHOP = 'sandbox'
SUCCESS_CARD = '4111111111111111'
DECLINED_CARD = '4000000000000002'
THREE_DS_CARD = '4000000000003220'
THREE_DS_CODE = '123456'


class ProviderStatus(StrEnum):
    """A payment's status on the provider's side (YooKassa's names): `pending -> waiting_3ds -> succeeded|canceled`."""

    pending = 'pending'
    waiting_3ds = 'waiting_3ds'
    succeeded = 'succeeded'
    canceled = 'canceled'


@dataclass(kw_only=True, slots=True, frozen=True)
class ProviderState:
    """What the provider says about a payment when asked (the only source a credit trusts)."""

    status: str
    amount: Decimal
    currency: str
    metadata: Mapping[str, str] = field(default_factory=dict)
    shop_id: str


class ProviderUnavailable(DomainError):
    """The provider could not be reached or refused the request; nothing was credited, try again later."""

    def __init__(self, detail: str = '') -> None:
        super().__init__('provider_unavailable', detail=detail)


class PaymentProvider(Protocol):
    """What every provider does: create a payment on its side, and tell its state."""

    @property
    def shop_id(self) -> str:
        """The shop whose payments the provider tells about (a state of another shop is refused)."""
        ...

    async def create(self, payment: Payment, *, return_url: str) -> tuple[str, str]:
        """Create the payment at the provider; return (provider_payment_id, confirmation_url)."""
        ...

    async def fetch(self, provider_payment_id: str) -> ProviderState | None:
        """The provider's state of a payment, or None when the provider does not know the id."""
        ...


def provider_for(method: str) -> PaymentProvider:
    """The provider of a method ('card_test' or 'yookassa'); DomainError('payment_method_unknown') otherwise."""
    if method == 'card_test':
        return SandboxCheckoutProvider()
    if method == 'yookassa':
        return YooKassaProvider.from_env()
    raise DomainError('payment_method_unknown', method=method)


def notified_payment_id(body: Mapping[str, Any]) -> str | None:
    """The payment id of a notification body in YooKassa's shape (both providers send it), or None if malformed."""
    try:
        notification = WebhookNotificationFactory().create(dict(body))
        payment_id = notification.object.id
    except (TypeError, ValueError, AttributeError, KeyError):
        return None
    return payment_id if isinstance(payment_id, str) and payment_id else None


class SandboxCheckoutProvider:
    """The built-in test checkout (a page of our app); test cards decide what happens, no money moves."""

    shop_id = SANDBOX_SHOP

    async def create(self, payment: Payment, *, return_url: str) -> tuple[str, str]:
        """Open a checkout for the payment; the confirmation URL is our own card form page."""
        provider_id = f'sandbox_{uuid.uuid4().hex}'
        await SandboxCheckout.create(
            id=provider_id, payment_id=payment.id, account_id=payment.account_id, amount=payment.amount
        )
        return provider_id, f'/checkout/test/{provider_id}'

    async def fetch(self, provider_payment_id: str) -> ProviderState | None:
        """The checkout's stored decision."""
        row = await SandboxCheckout.get_or_none(id=provider_payment_id)
        if row is None:
            return None
        status = ProviderStatus.pending if row.status == ProviderStatus.waiting_3ds else row.status
        return ProviderState(
            status=status,
            amount=Decimal(row.amount),
            currency='RUB',
            metadata={'payment_id': str(row.payment_id), 'account_id': str(row.account_id)},
            shop_id=SANDBOX_SHOP,
        )


async def sandbox_pay(*, provider_payment_id: str, card_number: str) -> ProviderStatus:
    """The checkout's decision on a card: success card, declined card, 3-D Secure card; other cards are declined."""
    card = ''.join(char for char in card_number if char.isdigit())
    decision = {SUCCESS_CARD: ProviderStatus.succeeded, THREE_DS_CARD: ProviderStatus.waiting_3ds}.get(
        card, ProviderStatus.canceled
    )
    return await _sandbox_decide(provider_payment_id, decision, from_statuses=(ProviderStatus.pending,))


async def sandbox_confirm_3ds(*, provider_payment_id: str, code: str) -> ProviderStatus:
    """The 3-D Secure step: the code 123456 confirms the payment, anything else declines it."""
    decision = ProviderStatus.succeeded if code.strip() == THREE_DS_CODE else ProviderStatus.canceled
    return await _sandbox_decide(provider_payment_id, decision, from_statuses=(ProviderStatus.waiting_3ds,))


async def sandbox_status(provider_payment_id: str) -> tuple[ProviderStatus, Decimal, int] | None:
    """The checkout's (status, amount, payment_id) for its page, or None when there is no such checkout."""
    row = await SandboxCheckout.get_or_none(id=provider_payment_id)
    return None if row is None else (ProviderStatus(row.status), Decimal(row.amount), row.payment_id)


async def sandbox_notify(provider_payment_id: str, status: ProviderStatus) -> bool:
    """POST the notification to our own webhook over HTTP (HOST/PORT of the app), as a provider would."""
    host = os.environ.get('HOST', '127.0.0.1')
    host = '127.0.0.1' if host in ('0.0.0.0', '', '::') else host  # a bind-all address is no target
    url = f'http://{host}:{os.environ.get("PORT", "8080")}/api/payments/card_test/notify'
    body = {
        'type': 'notification',
        'event': f'payment.{status}',
        'object': {'id': provider_payment_id, 'status': str(status)},
    }
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(url, json=body)
    except httpx.HTTPError as error:
        log.warning('sandbox notification to %s failed: %s', url, error)
        return False
    return response.status_code == 200


async def _sandbox_decide(
    provider_payment_id: str, decision: ProviderStatus, *, from_statuses: tuple[ProviderStatus, ...]
) -> ProviderStatus:
    moved = await SandboxCheckout.filter(id=provider_payment_id, status__in=from_statuses).update(
        status=decision, decided_at=datetime.now(UTC)
    )
    row = await SandboxCheckout.get_or_none(id=provider_payment_id)
    if row is None:
        raise DomainError('checkout_not_found')
    if not moved and row.status not in (ProviderStatus.succeeded, ProviderStatus.canceled):
        raise DomainError('checkout_step_wrong')
    return ProviderStatus(row.status)


@dataclass(kw_only=True, slots=True, frozen=True)
class YooKassaProvider:
    """YooKassa through its SDK; `api_url` may point at a local fake of the API."""

    shop_id: str
    secret_key: str
    api_url: str = YOOKASSA_API_URL

    @classmethod
    def from_env(cls) -> YooKassaProvider:
        """Read YOOKASSA_SHOP_ID, YOOKASSA_SECRET_KEY, YOOKASSA_API_URL; unconfigured means unavailable."""
        shop_id = os.environ.get('YOOKASSA_SHOP_ID', '').strip()
        secret_key = os.environ.get('YOOKASSA_SECRET_KEY', '').strip()
        if not shop_id or not secret_key:
            raise ProviderUnavailable('YooKassa is not configured')
        return cls(shop_id=shop_id, secret_key=secret_key, api_url=os.environ.get('YOOKASSA_API_URL', YOOKASSA_API_URL))

    async def create(self, payment: Payment, *, return_url: str) -> tuple[str, str]:
        """Create the payment (our idempotence key, RUB, redirect confirmation, capture, our metadata)."""
        params = {
            'amount': {'value': f'{Decimal(payment.amount):.2f}', 'currency': 'RUB'},
            'confirmation': {'type': 'redirect', 'return_url': return_url},
            'capture': True,
            'description': f'payment {payment.id}',
            'metadata': {'payment_id': str(payment.id), 'account_id': str(payment.account_id)},
        }
        response = await self._call(YooPayment.create, params, payment.idempotence_key)
        return str(response.id), str(response.confirmation.confirmation_url)

    async def fetch(self, provider_payment_id: str) -> ProviderState | None:
        """Ask the API for the payment (GET /payments/{id})."""
        try:
            response = await self._call(YooPayment.find_one, provider_payment_id)
        except ProviderUnavailable as error:
            if isinstance(error.__cause__, NotFoundError):
                return None
            raise
        try:
            amount = Decimal(str(response.amount.value))
        except (InvalidOperation, AttributeError):
            return None
        recipient = getattr(response, 'recipient', None)
        return ProviderState(
            status=str(response.status),
            amount=amount,
            currency=str(response.amount.currency),
            metadata={str(k): str(v) for k, v in (response.metadata or {}).items()},
            shop_id=str(getattr(recipient, 'account_id', '') or ''),
        )

    async def _call(self, function: Any, *args: Any) -> Any:
        def call() -> Any:
            # The SDK keeps its configuration in class attributes; one shop per process, so setting it each time is safe
            Configuration.configure(self.shop_id, self.secret_key, api_url=self.api_url.rstrip('/'), max_attempts=1)
            return function(*args)

        try:
            return await asyncio.to_thread(call)
        except Exception as error:  # the SDK turns a refused connection into AttributeError, HTTP errors into ApiError
            log.warning('YooKassa request failed: %r', error)
            raise ProviderUnavailable(type(error).__name__) from error
