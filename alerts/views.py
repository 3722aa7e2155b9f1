"""Follow a search by e-mail: subscribe, confirm (signed link), unsubscribe (one click)."""

from django.http import QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ftzportal.abuse import rate_limit_posts, render_rate_limited

from .forms import SubscribeForm
from .models import ListKind, Subscription
from .services import (
    normalise_query,
    subscription_by_confirmation_token,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)


def _describe(kind: str, query: str) -> dict:
    subscription = Subscription(list_kind=kind, query=query)
    return {"kind_label": ListKind(kind).label, "list_url": subscription.list_url(), "query": query}


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit_posts(group="alert-subscribe", setting="ALERT_SUBSCRIBE_RATE_LIMIT")
def subscribe(request):
    """GET: the form for the list and filter named by `?list=…&<filter>`. POST: store an
    unconfirmed subscription and send the confirmation link."""
    template = "alerts/subscribe.html"
    if request.method == "GET":
        kind = request.GET.get("list", "")
        if kind not in ListKind.values:
            return render(request, template, {"unknown_list": True}, status=404)
        params = request.GET.copy()
        params.pop("list", None)
        query = normalise_query(kind, params)
        if query is None:
            return render(request, template, {"invalid_filter": True, **_describe(kind, "")})
        form = SubscribeForm(initial={"list_kind": kind, "query": query})
        return render(request, template, {"form": form, **_describe(kind, query)})

    form = SubscribeForm(request.POST)
    kind = request.POST.get("list_kind", "")
    described = _describe(kind, "") if kind in ListKind.values else {}
    if request.limited:
        return render_rate_limited(request, template, {"form": form, **described})
    if form.honeypot_filled:
        return render(request, "alerts/check_email.html")
    if not form.is_valid():
        return render(request, template, {"form": form, **described})
    data = form.cleaned_data
    query = normalise_query(data["list_kind"], QueryDict(data["query"]))
    if query is None:
        return render(request, template, {"invalid_filter": True, **_describe(data["list_kind"], "")})
    subscription_request(
        email=data["email"],
        kind=data["list_kind"],
        query=query,
        frequency=data["frequency"],
        submission_key=data["submission_key"],
    )
    return render(request, "alerts/check_email.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows what the link would confirm, with a button; only its POST confirms. Mail
    scanners and link previews open every link in a message, and must not subscribe an
    address whose owner never asked."""
    if request.method == "POST":
        subscription = subscription_confirm(token)
    else:
        subscription = subscription_by_confirmation_token(token)
    if subscription is None:
        return render(request, "alerts/confirmed.html", {"subscription": None}, status=400)
    context = {
        "subscription": subscription,
        "done": subscription.is_confirmed,
        **_describe(subscription.list_kind, subscription.query),
    }
    return render(request, "alerts/confirmed.html", context)


# Mail clients send the one-click unsubscribe POST (RFC 8058) without a CSRF token; the
# long random token in the address is what authorises it, and unsubscribing is harmless.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation (link scanners follow GET links); POST unsubscribes."""
    if request.method == "POST":
        subscription = subscription_unsubscribe(token)
        if subscription is None:
            return render(request, "alerts/unsubscribe.html", {"unknown": True}, status=404)
        return render(request, "alerts/unsubscribe.html", {"done": True})
    subscription = Subscription.objects.filter(unsubscribe_token=token).first()
    if subscription is None:
        return render(request, "alerts/unsubscribe.html", {"unknown": True}, status=404)
    return render(
        request,
        "alerts/unsubscribe.html",
        {"subscription": subscription, **_describe(subscription.list_kind, subscription.query)},
    )
