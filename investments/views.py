"""Public pages of enterprises and projects, and the investor inquiry form."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, TemplateView
from django_ratelimit.decorators import ratelimit

from zones.listing import FilteredListView
from zones.models import Incentive

from . import shortlist
from .filters import EnterpriseFilterSet, ProjectFilterSet
from .forms import InquiryForm, prefill_from_query
from .models import Enterprise, Project
from .services import inquiry_create


class EnterpriseListView(FilteredListView):
    filterset_class = EnterpriseFilterSet
    template_name = "investments/enterprise_list.html"
    context_object_name = "enterprises"
    page_title = _("Enterprises settled in the zone")
    meta_description = _("Companies settled in the zone's areas, by area, industry, origin and date settled.")

    def get_base_queryset(self):
        return Enterprise.objects.published().with_related()


class ProjectListView(FilteredListView):
    filterset_class = ProjectFilterSet
    template_name = "investments/project_list.html"
    context_object_name = "projects"
    page_title = _("Investment projects")
    meta_description = _(
        "Contracted and proposed investment projects in the zone, by area, industry, status and value."
    )

    def get_base_queryset(self):
        return Project.objects.published().with_related()


class EnterpriseDetailView(DetailView):
    queryset = Enterprise.objects.published().with_related()
    template_name = "investments/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enterprise = self.object
        context["industries"] = industries = enterprise.published_industries
        context["projects"] = list(Project.objects.published().filter(enterprise=enterprise).with_related())
        incentives = Incentive.objects.published().in_areas([enterprise.area])
        if industries:
            incentives = incentives.for_industries(industries)
        context["incentives"] = list(incentives.with_related())
        return context


class ProjectDetailView(DetailView):
    queryset = Project.objects.published().with_related()
    template_name = "investments/project_detail.html"
    context_object_name = "project"


def inquiry_rate(group, request):
    """Read at request time so deployments (and tests) can change it in settings."""
    return settings.INQUIRY_RATE_LIMIT


@require_http_methods(["GET", "POST"])
@ratelimit(group="inquiry", key="ip", rate=inquiry_rate, method="POST", block=False)
def inquiry_create_view(request):
    """GET shows the form (pre-filled from the page it was opened from); POST validates
    and stores through `inquiry_create`, then redirects to the thank-you page."""
    template = "investments/inquiry_form.html"
    if request.method != "POST":
        form = InquiryForm(initial=prefill_from_query(request.GET))
        return render(request, template, {"form": form, "shortlist_entries": shortlist.entries(request.session)})

    form = InquiryForm(request.POST)
    if request.limited:
        # The visitor keeps what they typed and can send it once the limit resets.
        context = {"form": form, "rate_limited": True, "shortlist_entries": shortlist.entries(request.session)}
        return render(request, template, context, status=429)
    if form.honeypot_filled:
        return redirect("investments:inquiry-thanks")
    if not form.is_valid():
        return render(request, template, {"form": form, "shortlist_entries": shortlist.entries(request.session)})
    data = form.cleaned_data
    inquiry_create(
        name=data["name"],
        email=data["email"],
        message=data["message"],
        consent=data["consent"],
        company=data["company"],
        country=data["country"] or "",
        area=data["area"],
        industry=data["industry"],
        project=data["project"],
        shortlist=shortlist.as_inquiry_payload(request.session) if data.get("attach_shortlist") else [],
    )
    return redirect("investments:inquiry-thanks")


class InquiryThanksView(TemplateView):
    template_name = "investments/inquiry_thanks.html"
