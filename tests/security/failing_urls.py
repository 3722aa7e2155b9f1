"""The portal's URLconf plus one view that fails, for the error-logging tests."""

from django.urls import path

from ftzportal.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError(f"Broken while handling {request.POST.get('email', '')}")


urlpatterns = [path("broken/", broken_view), *portal_urlpatterns]
