"""The commission report: gathered through the access rules, rendered to HTML and PDF."""
