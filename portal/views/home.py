from django.views.generic import TemplateView

from portal.access import SignedInMixin
from portal.modules import modules_for


class HomeView(SignedInMixin, TemplateView):
    """The dashboard: one card per module the user may use."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = modules_for(self.request.user)
        return context
