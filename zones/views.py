from django.views.generic import DetailView, TemplateView

from investments.models import Enterprise, Project

from .models import Area, Incentive, Industry, Zone


class HomeView(TemplateView):
    template_name = "zones/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["zone"] = Zone.objects.published().first()
        context["areas"] = Area.objects.published()
        context["enterprise_count"] = Enterprise.objects.published().count()
        context["project_count"] = Project.objects.published().count()
        return context


class AreaDetailView(DetailView):
    queryset = Area.objects.published()
    template_name = "zones/area_detail.html"


class IndustryDetailView(DetailView):
    queryset = Industry.objects.published()
    template_name = "zones/industry_detail.html"


class IncentiveDetailView(DetailView):
    queryset = Incentive.objects.published()
    template_name = "zones/incentive_detail.html"
