"""The figures of the statistics windows as plain plotly dicts: bars stacked by status group, Russian labels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ui_text import statistics as ts

# the chart keeps this many bars of an attribute grouping; the rest is one bar «Остальные»
MAX_BARS = 30
FONT = 'Roboto, "Segoe UI", Arial, sans-serif'


# selection and hover-mode buttons mean nothing for stacked counts
_UNUSED_BUTTONS = ['select2d', 'lasso2d', 'toggleSpikelines', 'hoverClosestCartesian', 'hoverCompareCartesian']


def stacked_bars(*, labels: Sequence[str], series: Mapping[str, Sequence[int]], x_title: str) -> dict[str, Any]:
    """A stacked bar chart: one bar per label, one coloured layer per status group, legend on top."""
    traces = [
        {
            'type': 'bar',
            'name': ts.GROUP_LABELS[group],
            'x': list(labels),
            'y': list(values),
            'marker': {'color': ts.GROUP_COLORS[group]},
            'hovertemplate': f'%{{x}}<br>{ts.GROUP_LABELS[group]}: %{{y:,d}}<extra></extra>',
        }
        for group, values in series.items()
    ]
    angled = len(labels) > 12 or max((len(label) for label in labels), default=0) > 14
    return {
        'data': traces,
        'layout': {
            'barmode': 'stack',
            'separators': ', ',  # decimal comma, thin space between thousands
            'font': {'family': FONT, 'size': 13},
            'margin': {'l': 70, 'r': 20, 't': 40, 'b': 110 if angled else 60},
            'legend': {'orientation': 'h', 'x': 0, 'y': 1.12, 'traceorder': 'normal'},
            'xaxis': {
                'title': {'text': x_title},
                'type': 'category',
                'tickangle': -45 if angled else 0,
                'automargin': True,
            },
            'yaxis': {'title': {'text': ts.CHART_Y}, 'rangemode': 'tozero', 'tickformat': ',d', 'automargin': True},
            'hoverlabel': {'namelength': -1},
            'plot_bgcolor': '#ffffff',
            'paper_bgcolor': '#ffffff',
        },
        'config': {
            'displaylogo': False,
            'responsive': True,
            'locale': 'ru',
            'locales': {'ru': {'dictionary': ts.CHART_TOOLBAR}},
            'modeBarButtonsToRemove': _UNUSED_BUTTONS,
            'toImageButtonOptions': {'filename': ts.CHART_FILENAME},
        },
    }


def fold_bars(labels: list[str], series: dict[str, list[int]]) -> tuple[list[str], dict[str, list[int]]]:
    """At most MAX_BARS bars: the first ones as they are, the rest summed into one «Остальные» bar."""
    if len(labels) <= MAX_BARS:
        return labels, series
    keep = MAX_BARS - 1
    folded = {group: [*values[:keep], sum(values[keep:])] for group, values in series.items()}
    return [*labels[:keep], ts.others(len(labels) - keep)], folded
