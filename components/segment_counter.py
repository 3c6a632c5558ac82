"""The live SMS counter under a text: encoding, characters, what is left in the current part, parts."""

from nicegui import ui

import ui_text as t
from domain.segments import DEFAULT_PARTS_CAP, Encoding, SegmentInfo, count_segments


class SegmentCounter(ui.label):
    """A one-line counter that is given the text to count (the rendered text when there are inserts)."""

    def __init__(self, cap: int = DEFAULT_PARTS_CAP) -> None:
        super().__init__('')
        self.cap = cap
        self.mark('segment-counter')
        self.show(count_segments(''))

    def show(self, info: SegmentInfo) -> None:
        """Show a count computed by the one domain function."""
        encoding = t.ENCODING_GSM if info.encoding is Encoding.gsm7 else t.ENCODING_UCS2
        self.text = t.segment_summary(encoding, info.units, info.units_left, info.parts)
        over = info.parts > self.cap
        self.classes(replace='text-negative' if over else 'text-grey-8')
        if over:
            self.text += ' ' + t.over_parts_cap(info.parts, self.cap)
