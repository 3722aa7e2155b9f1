import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftzportal.settings")
# Web requests get the short database timeouts (see settings).
os.environ.setdefault("FTZPORTAL_PROCESS", "web")

application = get_asgi_application()
