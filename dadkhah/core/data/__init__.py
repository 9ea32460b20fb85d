"""Data files of the core: the hand-written gazetteer overlay."""
