"""Public pages of enterprises and projects, and the investor inquiry form."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, TemplateView

from ftzportal.abuse import rate_limit_posts, render_rate_limited
from ftzportal.listing import FilteredListView
from zones.models import Incentive

from . import shortlist
from .forms import InquiryForm, prefill_from_query
from .lists import ENTERPRISES, PROJECTS
from .models import Enterprise, Project
from .services import inquiry_create


class EnterpriseListView(FilteredListView):
    resource = ENTERPRISES
    template_name = "investments/enterprise_list.html"
    context_object_name = "enterprises"


class ProjectListView(FilteredListView):
    resource = PROJECTS
    template_name = "investments/project_list.html"
    context_object_name = "projects"


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


@require_http_methods(["GET", "POST"])
@rate_limit_posts(group="inquiry", setting="INQUIRY_RATE_LIMIT")
def inquiry_create_view(request):
    """GET shows the form (pre-filled from the page it was opened from); POST validates
    and stores through `inquiry_create`, then redirects to the thank-you page."""
    template = "investments/inquiry_form.html"
    if request.method != "POST":
        form = InquiryForm(initial=prefill_from_query(request.GET))
        return render(request, template, {"form": form, "shortlist_entries": shortlist.entries(request.session)})

    form = InquiryForm(request.POST)
    if request.limited:
        return render_rate_limited(
            request, template, {"form": form, "shortlist_entries": shortlist.entries(request.session)}
        )
    if form.honeypot_filled:
        return redirect("investments:inquiry-thanks")
    if not form.is_valid():
        return render(request, template, {"form": form, "shortlist_entries": shortlist.entries(request.session)})
    data = form.cleaned_data
    attached = shortlist.as_inquiry_payload(request.session) if data.get("attach_shortlist") else []
    inquiry_create(
        name=data["name"],
        email=data["email"],
        message=data["message"],
        consent=data["consent"],
        company=data["company"],
        country=data["country"] or "",
        province=data["province"],
        area=data["area"],
        industry=data["industry"],
        project=data["project"],
        shortlist=attached,
        source=None if attached or not data["source"] else data["source"],
        submission_key=data["submission_key"],
    )
    return redirect("investments:inquiry-thanks")


class InquiryThanksView(TemplateView):
    template_name = "investments/inquiry_thanks.html"
