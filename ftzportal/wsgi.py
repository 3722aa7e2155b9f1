import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftzportal.settings")
# Web requests get the short database timeouts (see settings).
os.environ.setdefault("FTZPORTAL_PROCESS", "web")

application = get_wsgi_application()
