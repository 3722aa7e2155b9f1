"""/match/: "what applies to me". The answers are GET parameters, so every result is a
shareable URL that works without JavaScript."""

from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from ftzportal.caching import do_not_store, recognise_query_params
from ftzportal.listing import visible_query

from .matching import MatchForm, inquiry_message, match_from_form


class MatchView(TemplateView):
    template_name = "portal/match.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = visible_query(self.request.GET)
        answered = any(name in query for name in MatchForm.base_fields)
        form = MatchForm(query if answered else None)
        form.label_suffix = ""
        recognise_query_params(self.request, MatchForm.base_fields)
        if answered and not form.is_valid():
            do_not_store(self.request)
        context["form"] = form
        context["result"] = None
        if answered and form.is_valid():
            result = match_from_form(form)
            context["result"] = result
            context["inquire_url"] = self.inquire_url(result)
        return context

    @staticmethod
    def inquire_url(result) -> str:
        params = {"message": inquiry_message(result), "source": "match"}
        area = result.chosen_area or result.top_area
        if area is not None:
            params["area"] = area.slug
        if result.industries:
            params["industry"] = result.industries[0].slug
        return f"{reverse('investments:inquiry-create')}?{urlencode(params)}"
