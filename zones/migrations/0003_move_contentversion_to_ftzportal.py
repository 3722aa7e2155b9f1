from django.db import migrations


class Migration(migrations.Migration):
    """The content version moved to the shared base (`ftzportal`); its table stays."""

    dependencies = [
        ("zones", "0002_contact"),
        ("ftzportal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ContentVersion")]),
    ]
