"""On PostgreSQL the table itself refuses UPDATE and DELETE (a trigger), whoever connects; the
model refuses them on every database. TRUNCATE is left to `flush` (the demo, a restore)."""

from typing import Any

from django.db import migrations

REFUSE = [
    """CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION USING MESSAGE =
            'The audit trail is append-only: ' || TG_OP || ' refused on audit_auditevent';
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()""",
]
ALLOW = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_append_only()",
]


def _on_postgresql(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(_on_postgresql(REFUSE), _on_postgresql(ALLOW), elidable=False),
    ]
