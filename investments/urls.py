from django.urls import path

from ftzportal.downloads import ListDownloadView
from zones.feeds import ENTERPRISE_FEEDS, PROJECT_FEEDS

from . import shortlist, tracking, views

app_name = "investments"

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise-list"),
    path(
        "enterprises/download.csv",
        ListDownloadView.as_view(list_view=views.EnterpriseListView, file_format="csv"),
        name="enterprise-download-csv",
    ),
    path(
        "enterprises/download.xlsx",
        ListDownloadView.as_view(list_view=views.EnterpriseListView, file_format="xlsx"),
        name="enterprise-download-xlsx",
    ),
    path("enterprises/feed/rss/", ENTERPRISE_FEEDS["rss"], name="enterprise-feed-rss"),
    path("enterprises/feed/atom/", ENTERPRISE_FEEDS["atom"], name="enterprise-feed-atom"),
    path("enterprises/<slug:slug>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path(
        "projects/download.csv",
        ListDownloadView.as_view(list_view=views.ProjectListView, file_format="csv"),
        name="project-download-csv",
    ),
    path(
        "projects/download.xlsx",
        ListDownloadView.as_view(list_view=views.ProjectListView, file_format="xlsx"),
        name="project-download-xlsx",
    ),
    path("projects/feed/rss/", PROJECT_FEEDS["rss"], name="project-feed-rss"),
    path("projects/feed/atom/", PROJECT_FEEDS["atom"], name="project-feed-atom"),
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
