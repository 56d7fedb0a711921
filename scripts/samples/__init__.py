"""The sample corpus, one module per sample family; ``scripts/make_samples.py`` writes them all."""
