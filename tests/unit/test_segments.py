"""The segment counter: boundary tables for both encodings, escape and surrogate pairs, and parts that agree."""

import random
from itertools import pairwise

import pytest

from domain.segments import (
    DEFAULT_PARTS_CAP,
    GSM7_BASIC,
    GSM7_EXTENSION,
    Encoding,
    MailingSegments,
    PartsProblem,
    SegmentInfo,
    check_parts_cap,
    count_segments,
    is_gsm7,
    split_parts,
    summarize_many,
)

EMOJI = '😀'
EURO = '€'


def _units(text: str, encoding: Encoding) -> int:
    """An oracle independent of the module: septets from the extension set, code units from UTF-16."""
    if encoding is Encoding.gsm7:
        return sum(2 if char in GSM7_EXTENSION else 1 for char in text)
    return len(text.encode('utf-16-le')) // 2


@pytest.mark.parametrize(
    ('text', 'encoding', 'units', 'parts', 'units_left'),
    [
        ('a' * 1, Encoding.gsm7, 1, 1, 159),
        ('a' * 160, Encoding.gsm7, 160, 1, 0),
        ('a' * 161, Encoding.gsm7, 161, 2, 145),
        ('a' * 306, Encoding.gsm7, 306, 2, 0),
        ('a' * 307, Encoding.gsm7, 307, 3, 152),
        ('a' * 459, Encoding.gsm7, 459, 3, 0),
        ('я' * 66, Encoding.ucs2, 66, 1, 4),
        ('я' * 67, Encoding.ucs2, 67, 1, 3),
        ('я' * 70, Encoding.ucs2, 70, 1, 0),
        ('я' * 71, Encoding.ucs2, 71, 2, 63),
        ('я' * 134, Encoding.ucs2, 134, 2, 0),
        ('я' * 135, Encoding.ucs2, 135, 3, 66),
        ('я' * 201, Encoding.ucs2, 201, 3, 0),
    ],
)
def test_boundary_table_counts_parts_and_room_left(
    text: str, encoding: Encoding, units: int, parts: int, units_left: int
) -> None:
    info = count_segments(text)
    assert (info.encoding, info.units, info.parts, info.units_left) == (encoding, units, parts, units_left)
    assert (
        info.part_limit
        == {Encoding.gsm7: 160 if parts == 1 else 153, Encoding.ucs2: 70 if parts == 1 else 67}[encoding]
    )


def test_66_cyrillic_characters_are_one_sms_not_two() -> None:
    assert count_segments('я' * 66).parts == 1


def test_empty_text_has_no_parts_and_a_full_single_sms_left() -> None:
    assert count_segments('') == SegmentInfo(encoding=Encoding.gsm7, units=0, parts=0, part_limit=160, units_left=160)
    assert split_parts('') == []


@pytest.mark.parametrize(
    ('text', 'units', 'parts'),
    [
        ('a' * 158 + EURO, 160, 1),
        ('a' * 159 + EURO, 161, 2),
        (EURO * 80, 160, 1),
        (EURO * 81, 162, 2),
        ('{}' * 40, 160, 1),
    ],
)
def test_extension_characters_take_two_septets(text: str, units: int, parts: int) -> None:
    info = count_segments(text)
    assert (info.encoding, info.units, info.parts) == (Encoding.gsm7, units, parts)


def test_extension_character_ending_exactly_at_153_stays_in_the_first_part() -> None:
    text = 'a' * 151 + EURO + 'b' * 10
    assert [len(part) for part in split_parts(text)] == [152, 10]
    assert count_segments(text).units_left == 153 - 10


def test_extension_character_at_the_153_154_boundary_moves_whole_to_the_next_part() -> None:
    text = 'a' * 152 + EURO + 'b' * 10
    parts = split_parts(text)
    assert parts == ['a' * 152, EURO + 'b' * 10]
    info = count_segments(text)
    assert (info.units, info.parts, info.units_left) == (164, 2, 153 - 12)


def test_escape_pairs_filling_a_message_add_a_part_that_plain_counting_would_miss() -> None:
    # 2 x 153 = 306 septets of content, but 153 is odd: each part holds only 76 euro signs (152 septets).
    text = EURO * 153
    assert count_segments(text).units == 306
    assert count_segments(text).parts == 3
    assert [len(part) for part in split_parts(text)] == [76, 76, 1]


@pytest.mark.parametrize(
    ('text', 'units', 'parts'),
    [
        ('я' * 68 + EMOJI, 70, 1),
        ('я' * 69 + EMOJI, 71, 2),
        (EMOJI * 35, 70, 1),
        (EMOJI * 36, 72, 2),
        ('a' * 69 + EMOJI, 71, 2),
    ],
)
def test_emoji_count_as_two_utf16_units(text: str, units: int, parts: int) -> None:
    info = count_segments(text)
    assert (info.encoding, info.units, info.parts) == (Encoding.ucs2, units, parts)


def test_emoji_at_the_67_68_boundary_is_never_split_across_parts() -> None:
    text = 'я' * 66 + EMOJI + 'я' * 10
    assert split_parts(text) == ['я' * 66, EMOJI + 'я' * 10]
    assert count_segments(text).units_left == 67 - 12


def test_emoji_ending_exactly_at_67_stays_in_the_first_part() -> None:
    text = 'я' * 65 + EMOJI + 'я' * 10
    assert split_parts(text) == ['я' * 65 + EMOJI, 'я' * 10]


@pytest.mark.parametrize(
    ('text', 'encoding'),
    [
        ('Hello, world!', Encoding.gsm7),
        ('Hello, world! Привет', Encoding.ucs2),
        ('Price 10' + EURO, Encoding.gsm7),
        ('ΔΦΓΛΩΠΨΣΘΞ', Encoding.gsm7),
        ('ÄÖÑÜ§¿äöñüàÇ', Encoding.gsm7),
        ('ç', Encoding.ucs2),
        ('`', Encoding.ucs2),
        ('a\u00a0b', Encoding.ucs2),
        ('Line\nbreak\r\n', Encoding.gsm7),
        ('page\fbreak', Encoding.gsm7),
    ],
)
def test_mixed_text_picks_the_encoding_by_its_least_common_character(text: str, encoding: Encoding) -> None:
    assert count_segments(text).encoding is encoding
    assert is_gsm7(text) is (encoding is Encoding.gsm7)


def test_one_cyrillic_letter_turns_a_long_latin_message_into_ucs2() -> None:
    info = count_segments('a' * 150 + 'ж')
    assert (info.encoding, info.units, info.parts) == (Encoding.ucs2, 151, 3)


def test_extension_characters_cost_one_unit_once_the_message_is_ucs2() -> None:
    assert count_segments('я' + EURO * 10).units == 11


def test_the_gsm_alphabet_is_the_127_basic_characters_and_10_extensions() -> None:
    assert len(set(GSM7_BASIC)) == 127
    assert count_segments(GSM7_BASIC).units == 127
    assert count_segments(GSM7_EXTENSION).units == 20
    assert set(GSM7_EXTENSION) == set('^{}\\[~]|€\f')


@pytest.mark.parametrize('seed', range(20))
def test_random_texts_split_into_parts_that_rejoin_fit_and_match_the_count(seed: int) -> None:
    rng = random.Random(seed)
    alphabets = [GSM7_BASIC, GSM7_BASIC + GSM7_EXTENSION, GSM7_EXTENSION, 'абв' + GSM7_BASIC, 'я😀🎉' + EURO]
    for _ in range(50):
        alphabet = rng.choice(alphabets)
        text = ''.join(rng.choice(alphabet) for _ in range(rng.randrange(0, 700)))
        info = count_segments(text)
        parts = split_parts(text)
        assert ''.join(parts) == text
        assert len(parts) == info.parts
        assert info.units == _units(text, info.encoding)
        assert all(_units(part, info.encoding) <= info.part_limit for part in parts)
        if parts:
            assert info.units_left == info.part_limit - _units(parts[-1], info.encoding)
        for part, following in pairwise(parts):
            # Greedy: the next character would not have fitted in this part.
            assert _units(part + following[0], info.encoding) > info.part_limit


def test_a_mailing_summary_gives_the_longest_and_the_total_parts() -> None:
    summary = summarize_many(['', 'hi', 'я' * 71, 'a' * 307])
    assert summary == MailingSegments(count=4, max_parts=3, total_parts=6, empty=1)


def test_an_empty_mailing_summary_is_all_zeros() -> None:
    assert summarize_many([]) == MailingSegments(count=0, max_parts=0, total_parts=0, empty=0)


@pytest.mark.parametrize(
    ('text', 'problem'),
    [
        ('', PartsProblem.empty),
        ('a', None),
        ('a' * 153 * DEFAULT_PARTS_CAP, None),
        ('a' * (153 * DEFAULT_PARTS_CAP + 1), PartsProblem.over_cap),
        ('я' * 67 * DEFAULT_PARTS_CAP, None),
        ('я' * (67 * DEFAULT_PARTS_CAP + 1), PartsProblem.over_cap),
    ],
)
def test_the_default_cap_allows_eight_parts_and_refuses_nine(text: str, problem: PartsProblem | None) -> None:
    assert check_parts_cap(count_segments(text).parts) == problem


def test_an_account_cap_of_one_refuses_a_two_part_message() -> None:
    assert check_parts_cap(count_segments('я' * 71).parts, cap=1) is PartsProblem.over_cap


def test_a_cap_below_one_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match='at least 1'):
        check_parts_cap(1, cap=0)
