"""How a number is stated by its source: its qualifier ("more than 17.6 billion"), and,
for money, its kind (planned, contracted, actually invested). Shared by figures and
projects so that a number is never shown more strongly than its source states it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Qualifier(models.TextChoices):
    """The source's own qualifier of a number; "" where it states the number exactly."""

    EXACT = "", _("as stated")
    MORE_THAN = "more-than", _("more than")
    LESS_THAN = "less-than", _("less than")
    ABOUT = "about", _("about")
    UP_TO = "up-to", _("up to")
    NEARLY = "nearly", _("nearly")


# "more than CNY 17.6 billion": the qualifier before the number, in every language.
QUALIFIED = {
    Qualifier.MORE_THAN: pgettext_lazy("qualified number", "more than %(number)s"),
    Qualifier.LESS_THAN: pgettext_lazy("qualified number", "less than %(number)s"),
    Qualifier.ABOUT: pgettext_lazy("qualified number", "about %(number)s"),
    Qualifier.UP_TO: pgettext_lazy("qualified number", "up to %(number)s"),
    Qualifier.NEARLY: pgettext_lazy("qualified number", "nearly %(number)s"),
}


def qualified(number: str, qualifier: str) -> str:
    """`"CNY 17.6 billion", "more-than"` → "more than CNY 17.6 billion" in the active language."""
    template = QUALIFIED.get(qualifier)
    return str(template) % {"number": number} if template else number


class MoneyKind(models.TextChoices):
    """What an amount of money is: a plan is never a contract, a contract never an investment made."""

    PLANNED = "planned", _("planned investment")
    CONTRACTED = "contracted", _("contracted investment")
    INVESTED = "invested", _("investment made")
