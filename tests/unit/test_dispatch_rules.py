"""Pure rules of the delivery engine: retry backoff, matching loose receipts to in-doubt messages, the rate meter."""

import pytest

from domain.dispatch_rules import (
    DoubtCandidate,
    LooseReceipt,
    RateMeter,
    error_text,
    gives_up,
    match_loose_receipts,
    phone_digits,
    retry_delay_s,
)


@pytest.mark.parametrize(
    ('attempts', 'delay'), [(0, 5), (1, 5), (2, 10), (3, 20), (4, 40), (6, 160), (7, 300), (30, 300)]
)
def test_the_retry_delay_doubles_from_5_s_up_to_5_minutes(attempts: int, delay: float) -> None:
    assert retry_delay_s(attempts) == delay


def test_a_message_is_rejected_once_it_used_its_attempts() -> None:
    assert not gives_up(4, 5)
    assert gives_up(5, 5)


def test_smpp_errors_are_stored_as_hex() -> None:
    assert (error_text(0x0B), error_text(0x58), error_text(0x400)) == ('0x0B', '0x58', '0x400')


def test_phone_digits_ignore_plus_and_separators() -> None:
    assert phone_digits('+7 (916) 123-45-67') == '79161234567'


def candidate(message_id: int, phone: str, text: str, parts: int = 1, known: int = 0) -> DoubtCandidate:
    return DoubtCandidate(message_id=message_id, phone=phone, text=text, parts=parts, known_parts=known)


def receipt(key: int, destination: str, text: str = '') -> LooseReceipt:
    return LooseReceipt(key=key, destination=destination, text=text)


def test_a_receipt_matches_the_only_in_doubt_message_to_its_number() -> None:
    candidates = [candidate(1, '+79160000001', 'Привет'), candidate(2, '+79160000002', 'Привет')]
    matched = match_loose_receipts([receipt(10, '79160000002')], candidates)
    assert {key: c.message_id for key, c in matched.items()} == {10: 2}


def test_a_receipt_for_an_unknown_number_matches_nothing() -> None:
    assert match_loose_receipts([receipt(10, '79169999999')], [candidate(1, '+79160000001', 'x')]) == {}


def test_two_messages_to_one_number_are_told_apart_by_the_text_prefix() -> None:
    candidates = [candidate(1, '+79160000001', 'Скидка 10%'), candidate(2, '+79160000001', 'Ваш код 4711')]
    matched = match_loose_receipts([receipt(10, '79160000001', 'Ваш код')], candidates)
    assert matched[10].message_id == 2


def test_a_text_from_a_later_part_still_picks_its_message() -> None:
    candidates = [candidate(1, '79160000001', 'А' * 80 + 'Б' * 80, parts=3), candidate(2, '79160000001', 'В' * 10)]
    assert match_loose_receipts([receipt(10, '79160000001', 'ББББ')], candidates)[10].message_id == 1


def test_the_same_text_twice_to_one_number_takes_the_oldest_first_then_the_next() -> None:
    candidates = [candidate(2, '79160000001', 'Код 1'), candidate(1, '79160000001', 'Код 1')]
    matched = match_loose_receipts(
        [receipt(10, '79160000001', 'Код 1'), receipt(11, '79160000001', 'Код 1')], candidates
    )
    assert (matched[10].message_id, matched[11].message_id) == (1, 2)


def test_a_message_takes_at_most_one_receipt_per_part() -> None:
    long = candidate(1, '79160000001', 'Ж' * 120, parts=2, known=1)
    matched = match_loose_receipts([receipt(10, '79160000001'), receipt(11, '79160000001')], [long])
    assert list(matched) == [10] and long.known_parts == 2


def test_the_rate_meter_averages_over_its_window_and_forgets_older_events() -> None:
    meter = RateMeter(window_s=60)
    meter.add(600, 1000.2)
    meter.add(600, 1000.7)
    meter.add(1200, 1030.0)
    assert meter.per_second(1030.5) == pytest.approx(2400 / 60)
    assert meter.per_second(1061.0) == pytest.approx(1200 / 60)
    assert meter.per_second(2000.0) == 0
