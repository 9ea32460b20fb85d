"""The domain in plain Python: no Django, no CLI framework."""
