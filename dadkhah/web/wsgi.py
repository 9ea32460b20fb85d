"""WSGI entry point (waitress serves it; see `dadkhah serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dadkhah.web.settings")
application = get_wsgi_application()
