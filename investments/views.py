from django.views.generic import DetailView

from .models import Enterprise, Project


class EnterpriseDetailView(DetailView):
    queryset = Enterprise.objects.published()
    template_name = "investments/enterprise_detail.html"


class ProjectDetailView(DetailView):
    queryset = Project.objects.published()
    template_name = "investments/project_detail.html"
