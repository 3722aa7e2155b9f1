"""backup_data → wipe → restore_data gives back every row exactly: same counts, same
checksum over every field of every row of every model."""

import hashlib
import json

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command
from rest_framework_api_key.models import APIKey

from ftzportal.content_version import get_content_version
from investments.models import Enterprise, Inquiry, InquiryStatus, InquiryStatusChange
from investments.services import inquiry_create
from portal.management.commands.restore_data import backed_up_models
from tests.factories import UserFactory
from zones.models import Area, Industry


def canonical_rows(model) -> list[dict]:
    """Every row with every field, references by natural key where the target has one
    (content types and permissions get new ids in a new database), many-to-many sorted."""
    rows = serializers.serialize(
        "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True, use_natural_primary_keys=False
    )
    for row in rows:
        for name, value in row["fields"].items():
            if isinstance(value, list) and all(isinstance(item, (list, int, str)) for item in value):
                row["fields"][name] = sorted(value, key=repr)
    return rows


def database_fingerprint() -> dict[str, tuple[int, str]]:
    """label → (row count, sha256 of the canonical rows) for every backed-up model, plus
    the natural keys of the content types and permissions that `migrate` recreates."""
    fingerprint = {}
    for model in backed_up_models():
        rows = canonical_rows(model)
        digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
        fingerprint[model._meta.label] = (len(rows), digest)
    for model in (ContentType, Permission):
        keys = sorted(obj.natural_key() for obj in model.objects.all())
        fingerprint[model._meta.label] = (len(keys), hashlib.sha256(repr(keys).encode()).hexdigest())
    return fingerprint


@pytest.fixture
def populated_database(transactional_db):
    """Real data, generated sample rows with industries, an inquiry with a status change,
    a staff user in a group with permissions, an admin log entry and a partner key."""
    call_command("load_ftz_data", verbosity=0)
    call_command("generate_sample_data", enterprises=30, projects=60, seed=7, verbosity=0)
    editor = UserFactory(username="editor")
    editors = Group.objects.create(name="Test editors")
    editors.permissions.set(Permission.objects.filter(codename__in=["change_enterprise", "view_inquiry"]))
    editor.groups.add(editors)
    editor.user_permissions.add(Permission.objects.get(codename="change_area"))
    inquiry = inquiry_create(
        name="Test Investor", email="investor@example.com", message="Warehouse in Horgos?", consent=True
    )
    InquiryStatusChange.objects.create(
        inquiry=inquiry, old_status=InquiryStatus.NEW, new_status=InquiryStatus.IN_PROGRESS, changed_by=editor
    )
    area = Area.objects.first()
    area.summary_ru = "Проверка резервной копии"
    area.save()
    LogEntry.objects.log_actions(
        user_id=editor.pk, queryset=Area.objects.filter(pk=area.pk), action_flag=ADDITION, change_message="[]"
    )
    APIKey.objects.create_key(name="Test partner")


def test_restore_after_wipe_reproduces_every_row(populated_database, tmp_path):
    backup = tmp_path / "backup.json.gz"
    before = database_fingerprint()
    version_before = get_content_version()
    assert before["investments.Inquiry"][0] == 1
    assert before["investments.HistoricalEnterprise"][0] > 0, "history tables must be part of the backup"
    assert Enterprise.objects.filter(industries__isnull=False).exists()

    call_command("backup_data", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert Inquiry.objects.count() == 0 and Area.objects.count() == 0
    call_command("restore_data", str(backup), verbosity=0)

    after = database_fingerprint()
    differing = {label for label in before if before[label] != after.get(label)}
    assert differing == set()
    assert get_content_version() == version_before, "restoring must not bump the content version"


def test_restore_keeps_every_language_column(populated_database, tmp_path):
    backup = tmp_path / "backup.json"
    area = Area.objects.exclude(summary_ru="").first()
    call_command("backup_data", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", str(backup), verbosity=0)

    assert Area.objects.get(pk=area.pk).summary_ru == area.summary_ru
    assert Area.objects.get(pk=area.pk).name_zh_hans == area.name_zh_hans


def test_restored_database_accepts_new_rows(populated_database, tmp_path):
    # Sequences must continue after the restored ids (PostgreSQL needs them reset).
    backup = tmp_path / "backup.json"
    call_command("backup_data", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", str(backup), verbosity=0)

    new = inquiry_create(name="After Restore", email="after@example.com", message="Hello", consent=True)
    assert new.pk > Inquiry.objects.exclude(pk=new.pk).order_by("-pk").first().pk
    Industry.objects.create(name="Restored-sequence industry", slug="restored-sequence-industry")


def test_restore_refuses_a_database_that_holds_data(populated_database, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup_data", str(backup), verbosity=0)
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore_data", str(backup), verbosity=0)


def test_restore_with_replace_overwrites_changes_made_after_the_backup(populated_database, tmp_path):
    backup = tmp_path / "backup.json"
    before = database_fingerprint()
    call_command("backup_data", str(backup), verbosity=0)
    Inquiry.objects.all().delete()
    inquiry_create(name="Later", email="later@example.com", message="Added after the backup", consent=True)

    call_command("restore_data", str(backup), replace=True, verbosity=0)

    assert database_fingerprint() == before


def test_backup_leaves_out_sessions_and_migration_created_rows(populated_database, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup_data", str(backup), verbosity=0)
    labels = {row["model"] for row in json.loads(backup.read_text())}
    assert not labels & {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    assert {"investments.inquiry", "auth.user", "auth.group", "rest_framework_api_key.apikey"} <= labels
