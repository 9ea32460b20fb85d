"""The custody log in the database: append-only entries, signed tree heads, timestamps."""
