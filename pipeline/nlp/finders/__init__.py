"""Pure finders ``find(text, *, language) -> list[Span]``: SDG references, money, dates, outputs, themes."""
