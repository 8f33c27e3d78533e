"""palette: a colour per fact, so each highlight and the card of its fact match at a glance.

Colours cycle by a fact's place on the page, so neighbours differ. Each colour
has a light tint, behind the highlighted source text (the page's dark text on
it keeps a contrast above 10:1), and a strong edge, for the card's border, the
highlight's underline and a selected highlight's background (white text on it
keeps a contrast above 4.5:1). Hues alternate warm and cool, and no two tints
next in the cycle are alike, for readers who see fewer hues too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colour:
    edge: str
    tint: str


PALETTE = (
    Colour("#b35c00", "#ffd9a8"),  # orange
    Colour("#0068a8", "#bfe0f7"),  # blue
    Colour("#007a55", "#bdebd7"),  # green
    Colour("#b3245f", "#f9c9dc"),  # magenta
    Colour("#7a6a00", "#f2e58c"),  # olive
    Colour("#6145a8", "#ddd1f7"),  # purple
    Colour("#00707a", "#b5e8ec"),  # teal
    Colour("#b83a1e", "#fbcdbf"),  # vermilion
)


def colour_class(index: int) -> str:
    """The class that gives an element the colour of the fact at ``index`` on the page."""
    return f"c{index % len(PALETTE)}"


def palette_css() -> str:
    """One rule per colour, setting the ``--edge`` and ``--tint`` the page's style uses."""
    return "".join(
        f".{colour_class(index)}{{--edge:{colour.edge};--tint:{colour.tint}}}\n"
        for index, colour in enumerate(PALETTE)
    )
