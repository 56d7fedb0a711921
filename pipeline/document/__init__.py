"""The document stage: assemble extracted pages into one text with offsets, detect language, kind, title and
goal tiles, and segment the text into sentences."""
