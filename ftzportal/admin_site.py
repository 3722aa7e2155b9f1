"""The curation admin: one site whose index groups models the way a curator thinks of
them (the zone and its areas, the directory, inquiries, partners) rather than by the
Python app each model happens to live in."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (group key, heading, [(app_label, model object_name), ...]) in the order shown.
CURATION_GROUPS = [
    (
        "zone-areas",
        _("Zone & areas"),
        [
            ("zones", "Zone"),
            ("zones", "Area"),
            ("zones", "Facility"),
            ("zones", "Milestone"),
            ("zones", "Figure"),
            ("zones", "Source"),
            ("zones", "Contact"),
        ],
    ),
    (
        "directory",
        _("Directory"),
        [
            ("zones", "Industry"),
            ("zones", "Incentive"),
            ("investments", "Enterprise"),
            ("investments", "Project"),
        ],
    ),
    (
        "inquiries",
        _("Inquiries"),
        [("investments", "Inquiry"), ("alerts", "Subscription"), ("ftzportal", "OutboundMail")],
    ),
    (
        "partners",
        _("Partners"),
        [("rest_framework_api_key", "APIKey"), ("webhooks", "WebhookEndpoint"), ("webhooks", "WebhookDelivery")],
    ),
]

# Pages of a group that are not a model's list: (group key, permission, name, key, URL name).
# Shown to whoever holds the permission, even without access to the group's models
# (a publisher sees the inquiry desk's figures, not the inquiries).
CURATION_PAGES = [
    ("inquiries", "investments.view_inquiry_desk", _("Inquiry desk"), "InquiryDesk", "admin:investments_inquiry_desk"),
]


def group_pages(request, key) -> list[dict]:
    pages = []
    for group, permission, name, object_name, url_name in CURATION_PAGES:
        if group != key or not request.user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        pages.append({"name": name, "object_name": object_name, "admin_url": url, "view_only": True})
    return pages


class PortalAdminSite(admin.AdminSite):
    site_header = _("FTZ Portal curation")
    site_title = _("FTZ Portal curation")
    index_title = _("Curation workspace")

    def get_app_list(self, request, app_label=None):
        """On the index and in the sidebar, curated models come in curation groups first;
        models of other apps (users, login attempts…) follow in their usual apps. An app's
        own page (`app_label` given) keeps Django's grouping, whose title it uses."""
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        models_by_key = {(app["app_label"], model["object_name"]): model for app in app_list for model in app["models"]}
        grouped, placed = [], set()
        for key, heading, members in CURATION_GROUPS:
            models = [models_by_key[member] for member in members if member in models_by_key]
            models += group_pages(request, key)
            if not models:
                continue
            placed.update(member for member in members if member in models_by_key)
            grouped.append(
                # No app_url: a group spans apps, so it has no app page of its own.
                {"name": heading, "app_label": key, "app_url": "", "has_module_perms": True, "models": models}
            )
        for app in app_list:
            rest = [model for model in app["models"] if (app["app_label"], model["object_name"]) not in placed]
            if rest:
                grouped.append({**app, "models": rest})
        return grouped


class PortalAdminConfig(AdminConfig):
    default_site = "ftzportal.admin_site.PortalAdminSite"
