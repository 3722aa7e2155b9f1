from django.db import migrations, models


class Migration(migrations.Migration):
    """The content version moved from `zones` to the shared base; its table stays."""

    initial = True

    dependencies = [
        ("zones", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("version", models.PositiveBigIntegerField(default=0)),
                    ],
                    options={"db_table": "zones_contentversion"},
                ),
            ],
        ),
    ]
