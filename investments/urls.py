from django.urls import path

from . import views

app_name = "investments"

urlpatterns = [
    path("enterprises/<slug:slug>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
]
