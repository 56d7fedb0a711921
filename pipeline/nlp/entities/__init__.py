"""Gazetteer-backed entity taggers: countries, government bodies, organisations, and defined acronyms."""
