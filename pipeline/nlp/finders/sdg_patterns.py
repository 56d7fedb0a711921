"""Pieces shared by the SDG finders (pipeline.nlp.finders.sdg_refs and sdg_lists): regex fragments and the
offset-keeping lower case both scan."""
from __future__ import annotations

SPACES_ONE_BREAK = r"[^\S\n]*\n?[^\S\n]*"
"""Spaces with at most one line break: a list of SDG codes never runs across a paragraph break ("towards Goal 4;" |
"15. Reaffirms ...", where 15 is the next paragraph's number)."""
SDG_WORD = r"(?:SDGs?|ODDs?|ODS|O\.D\.D\.)"
SDG_LONG = (
    r"(?:Sustainable\s+Development\s+Goals?|objectifs?\s+de\s+d[ée]veloppement\s+durable"
    r"|Objetivos?\s+de\s+Desarrollo\s+Sostenible)"
)


def lower_keeping_offsets(text: str) -> str:
    """Lower-case text keeping every offset (characters whose lower form is longer are kept as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
