"""A local fake of the YooKassa API v3: POST /v3/payments (honouring Idempotence-Key) and GET /v3/payments/{id}.

Answers with the documented JSON shapes and HTTP Basic auth of one shop; the test plays the payer with `succeed`,
`cancel` and, for forgeries, `tamper`.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeYooKassa:
    """The fake's state: payments by id, ids by idempotence key, and the bodies of every creation request."""

    def __init__(self, *, shop_id: str, secret_key: str) -> None:
        self.shop_id = shop_id
        self.secret_key = secret_key
        self.payments: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, str] = {}
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.url = ''

    def succeed(self, payment_id: str) -> None:
        """The payer paid: the payment is captured (capture=true) and succeeded."""
        self.tamper(payment_id, status='succeeded', paid=True)

    def cancel(self, payment_id: str) -> None:
        """The payer's bank declined."""
        self.tamper(payment_id, status='canceled', paid=False)

    def tamper(self, payment_id: str, **fields: Any) -> None:
        """Overwrite top-level fields of a stored payment (a forgery or a shop mix-up)."""
        with self.lock:
            self.payments[payment_id].update(fields)

    def authorised(self, header: str | None) -> bool:
        expected = base64.b64encode(f'{self.shop_id}:{self.secret_key}'.encode()).decode()
        return header == f'Basic {expected}'

    def create(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        with self.lock:
            self.requests.append(body)
            if key in self.by_key:
                return self.payments[self.by_key[key]]
            payment_id = str(uuid.uuid4())
            self.payments[payment_id] = {
                'id': payment_id,
                'status': 'pending',
                'paid': False,
                'amount': body['amount'],
                'confirmation': {
                    'type': 'redirect',
                    'return_url': body['confirmation']['return_url'],
                    'confirmation_url': f'{self.url}/checkout/{payment_id}',
                },
                'created_at': datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%S.000Z'),
                'description': body.get('description', ''),
                'metadata': body.get('metadata', {}),
                'recipient': {'account_id': self.shop_id, 'gateway_id': '100700'},
                'refundable': False,
                'test': True,
            }
            self.by_key[key] = payment_id
            return self.payments[payment_id]


def _handler(fake: FakeYooKassa) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

        def do_POST(self) -> None:
            if not self._allowed():
                return
            key = self.headers.get('Idempotence-Key')
            if self.path != '/v3/payments' or not key:
                self._send(400, {'type': 'error', 'code': 'invalid_request', 'description': 'bad request'})
                return
            length = int(self.headers.get('Content-Length', '0'))
            self._send(200, fake.create(json.loads(self.rfile.read(length)), key))

        def do_GET(self) -> None:
            if not self._allowed():
                return
            payment_id = self.path.removeprefix('/v3/payments/')
            with fake.lock:
                payment = fake.payments.get(payment_id)
            if payment is None:
                self._send(404, {'type': 'error', 'code': 'not_found', 'description': 'payment not found'})
                return
            self._send(200, payment)

        def _allowed(self) -> bool:
            if fake.authorised(self.headers.get('Authorization')):
                return True
            self._send(401, {'type': 'error', 'code': 'invalid_credentials', 'description': 'bad shop or key'})
            return False

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def running_fake(*, shop_id: str = '123456', secret_key: str = 'test_secret') -> Iterator[FakeYooKassa]:
    """Serve a fake YooKassa on 127.0.0.1 (a free port) in a thread; `fake.url` is its API URL ending in /v3."""
    fake = FakeYooKassa(shop_id=shop_id, secret_key=secret_key)
    server = ThreadingHTTPServer(('127.0.0.1', 0), _handler(fake))
    fake.url = f'http://127.0.0.1:{server.server_address[1]}/v3'
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
