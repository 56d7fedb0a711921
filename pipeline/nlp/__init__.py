"""Tagging: a spaCy pipeline of nexus components that finds mentions with canonical ids in a document text.

Read it bottom-up, leaves first (no module imports one that imports it back; tests/test_imports.py checks it):

- ``fold``: the one case/accent fold; ``view``: the folded, damage-tolerant matching view of a text;
  ``search``: phrase trie, taken positions, anchored regex scans.
- ``doc``: the Doc extensions and span helpers every component uses; ``tokenizer``: the fast regex tokenizer.
- ``components``: the component classes (gazetteer base, finder wrapper, merge).
- ``entities/``: gazetteer taggers (countries, government bodies, organisations, defined acronyms).
- ``finders/``: pure finders ``find(text, *, language)`` (SDG references, money, dates, outputs, themes).
- ``names``: every name given to spaCy, written once; ``registry``: ``register_components()``, the only
  registration; ``build``: create, save and load the pipeline (and rebuild a model saved under old names).
"""
