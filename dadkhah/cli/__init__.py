"""The `dadkhah` command: parse, call core and pipelines, print."""
