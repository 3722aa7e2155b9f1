from django.urls import path

from . import views

app_name = "zones"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("industries/<slug:slug>/", views.IndustryDetailView.as_view(), name="industry-detail"),
    path("incentives/<slug:slug>/", views.IncentiveDetailView.as_view(), name="incentive-detail"),
]
