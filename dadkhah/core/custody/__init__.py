"""The custody log: canonical entries, an RFC 9162 Merkle tree, signed checkpoints, timestamps."""
