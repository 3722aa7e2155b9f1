import pytest
from django.core.management import call_command


@pytest.fixture
def real_data(db):
    """The zone's real data, as `manage.py load_ftz_data` loads it."""
    call_command("load_ftz_data", verbosity=0)


@pytest.fixture
def kashgar(real_data):
    from zones.models import Area

    return Area.objects.get(slug="kashgar")
