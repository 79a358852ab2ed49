"""Tokens read only the parts of the API their owner chose (mentora.api.scopes); tokens made
before scopes existed keep reading every part, as they did."""

from typing import Any

from django.db import migrations, models

EVERY_PART = ["people", "relationships", "matching", "surveys"]  # mentora.api.scopes.ALL_SCOPES


def every_part(apps: Any, schema_editor: Any) -> None:
    apps.get_model("api", "ApiToken").objects.update(scopes=EVERY_PART)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken", name="scopes", field=models.JSONField(default=list)
        ),
        migrations.RunPython(every_part, migrations.RunPython.noop),
    ]
