"""The partner API under /api/ (filled in by the API issue)."""

urlpatterns = []
