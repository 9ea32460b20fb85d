"""The families' submissions are handled on the liaison's pages, not in the admin."""
