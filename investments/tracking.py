"""The investor's private page of an inquiry: /inquiries/<token>/.

The token is the only key (no account). A wrong, altered or truncated token is a plain
404, found in constant time (see services.inquiry_by_tracking_token). The page is
`noindex` (meta tag and X-Robots-Tag), never cached, and shows only what the investor
wrote and what the team answered: no e-mail address, no name, no handler's name.
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ftzportal.abuse import rate_limit_posts

from .models import InquiryStatus
from .services import inquiry_add_investor_message, inquiry_by_tracking_token

# The investor sees "received" for what handlers call "new".
STATUS_STEPS = [
    (InquiryStatus.NEW, _("Received")),
    (InquiryStatus.IN_PROGRESS, _("In progress")),
    (InquiryStatus.ANSWERED, _("Answered")),
    (InquiryStatus.CLOSED, _("Closed")),
]


class InvestorMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Add a message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a message before sending.")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit_posts(group="inquiry-follow-up", setting="INQUIRY_RATE_LIMIT")
def inquiry_status_view(request, token):
    inquiry = inquiry_by_tracking_token(token)
    if inquiry is None:
        raise Http404("No inquiry has this link.")
    form = InvestorMessageForm()
    status = 200
    if request.method == "POST":
        form = InvestorMessageForm(request.POST)
        if request.limited:
            status = 429
        elif inquiry.status == InquiryStatus.CLOSED:
            form.add_error(None, _("This inquiry is closed. Please send a new inquiry."))
        elif form.is_valid():
            inquiry_add_investor_message(inquiry=inquiry, body=form.cleaned_data["body"])
            return redirect(f"{request.path}#messages")
    reached = [value for value, _label in STATUS_STEPS].index(inquiry.status)
    context = {
        "inquiry": inquiry,
        "replies": list(inquiry.replies.all()),
        "steps": [
            {"label": label, "done": index <= reached, "current": index == reached}
            for index, (_value, label) in enumerate(STATUS_STEPS)
        ],
        "status_label": STATUS_STEPS[reached][1],
        "form": form,
        "rate_limited": status == 429,
        "contact": inquiry.contact,
    }
    response = render(request, "investments/inquiry_status.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
