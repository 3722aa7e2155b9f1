from django.urls import path

from ftzportal.downloads import list_download_urls
from ftzportal.feeds import list_feed_urls

from . import shortlist, tracking, views
from .lists import ENTERPRISES, PROJECTS

app_name = "investments"

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise-list"),
    *list_download_urls(ENTERPRISES),
    *list_feed_urls(ENTERPRISES),
    path("enterprises/<slug:slug>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    *list_download_urls(PROJECTS),
    *list_feed_urls(PROJECTS),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("inquire/", views.inquiry_create_view, name="inquiry-create"),
    path("inquire/thanks/", views.InquiryThanksView.as_view(), name="inquiry-thanks"),
    path("inquiries/<str:token>/", tracking.inquiry_status_view, name="inquiry-status"),
    path("shortlist/", shortlist.shortlist_view, name="shortlist"),
    path("shortlist/add/", shortlist.shortlist_add, name="shortlist-add"),
    path("shortlist/remove/", shortlist.shortlist_remove, name="shortlist-remove"),
    path("shortlist/clear/", shortlist.shortlist_clear, name="shortlist-clear"),
    path("shortlist/shortlist.csv", shortlist.shortlist_csv, name="shortlist-csv"),
    path("shortlist/print/", shortlist.shortlist_print, name="shortlist-print"),
]
