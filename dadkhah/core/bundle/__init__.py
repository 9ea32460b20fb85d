"""Court bundles: a zip of originals, metadata, custody entries with proofs, and verify.py."""
