"""Bar charts drawn on the server as SVG: no script, nothing from another site."""

from dataclasses import dataclass

WIDTH, HEIGHT, GAP = 600, 160, 2


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


def bars(values, labels):
    """A bar per value, scaled to the tallest, in a WIDTH × HEIGHT box."""
    tallest = max(values, default=0) or 1
    width = WIDTH / max(len(values), 1)
    return [
        Bar(
            x=round(number * width + GAP / 2, 1),
            y=round(HEIGHT - value / tallest * HEIGHT, 1),
            width=round(width - GAP, 1),
            height=round(value / tallest * HEIGHT, 1),
            label=label,
            value=value,
        )
        for number, (value, label) in enumerate(zip(values, labels, strict=True))
    ]
