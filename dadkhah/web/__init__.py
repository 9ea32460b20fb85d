"""The Django project: settings, URLs, templates and one app per bounded context."""
