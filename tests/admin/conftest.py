import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def roles(db):
    call_command("setup_roles", verbosity=0)


@pytest.fixture
def make_staff(roles):
    """A staff user in the named group (None: superuser)."""

    def make(group=None, **kwargs):
        if group is None:
            return UserFactory(is_superuser=True, **kwargs)
        user = UserFactory(**kwargs)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def superuser(make_staff):
    return make_staff(None, username="root")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def client_for(client, user):
    client.force_login(user)
    return client


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
