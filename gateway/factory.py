"""The gateway the settings ask for: the built-in simulator (GATEWAY=simulator, the default) or SMPP (GATEWAY=smpp)."""

from __future__ import annotations

from config import Settings
from gateway.base import Gateway
from gateway.simulator import SimulatorGateway
from gateway.smpp import SmppGateway, SmppOptions


def build_gateway(settings: Settings) -> Gateway:
    """Build (not start) the configured gateway; an unknown GATEWAY value stops the app with a clear message."""
    if settings.gateway == 'simulator':
        return SimulatorGateway(fail_share=settings.simulator_fail_share, max_delay_s=settings.simulator_delay_s)
    if settings.gateway == 'smpp':
        return _smpp(settings)
    raise SystemExit(f"Setting GATEWAY must be 'simulator' or 'smpp', got {settings.gateway!r}")


def _smpp(settings: Settings) -> SmppGateway:
    try:
        return SmppGateway(
            SmppOptions(
                host=settings.smpp_host,
                port=settings.smpp_port,
                system_id=settings.smpp_system_id,
                password=settings.smpp_password,
                system_type=settings.smpp_system_type,
                window=settings.smpp_window,
                rate_per_s=settings.smpp_rate_per_s,
            )
        )
    except ValueError as error:  # SMPP's limits: system_id up to 15 characters, password up to 8
        raise SystemExit(
            f'SMPP settings (SMPP_SYSTEM_ID, SMPP_PASSWORD, SMPP_SYSTEM_TYPE) are invalid: {error}'
        ) from None
