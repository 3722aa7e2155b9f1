"""Public pages of incentives: the filtered directory and each measure's page."""

from django.views.generic import DetailView

from ftzportal.listing import FilteredListView

from .lists import INCENTIVES
from .models import Incentive


class IncentiveListView(FilteredListView):
    resource = INCENTIVES
    template_name = "zones/incentive_list.html"
    context_object_name = "incentives"


class IncentiveDetailView(DetailView):
    queryset = Incentive.objects.published().with_related()
    template_name = "zones/incentive_detail.html"
    context_object_name = "incentive"
