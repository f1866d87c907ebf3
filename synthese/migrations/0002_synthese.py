"""The synthèse, its versions, observations, signatures and object permissions
(domain.md, point 7), and the database's guard: once a signature exists, the final digest
and the final state never change, and a signature is never updated.

The guard watches the digest, not the encrypted columns: the key rotation
(``manage.py rotate_content_keys``) rewrites every ciphertext, and a change of the text
itself is detected by recomputing the digest (``synthese_verifier``), as for attendance.
"""

import bilan.crypto
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("beneficiaires", "0005_lien_signature_token_a_envoyer"),
        ("scelles", "0001_initial"),
        ("synthese", "0001_initial"),
        # Linearised after the action plan's migration, already on main.
        ("synthese", "0002_plan_action"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Synthese",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "etat",
                    models.CharField(
                        choices=[
                            ("brouillon", "Brouillon"),
                            ("soumise", "Soumise au bénéficiaire"),
                            ("observee", "Observations reçues"),
                            ("finale", "Finale, à signer"),
                            ("remise", "Signée et remise"),
                        ],
                        default="brouillon",
                        max_length=20,
                        verbose_name="état",
                    ),
                ),
                (
                    "contexte",
                    bilan.crypto.EncryptedTextField(
                        blank=True, verbose_name="Circonstances et contexte du bilan"
                    ),
                ),
                (
                    "competences",
                    bilan.crypto.EncryptedTextField(
                        blank=True,
                        verbose_name="Compétences et aptitudes : points d'appui et axes de progrès",
                    ),
                ),
                (
                    "projet",
                    bilan.crypto.EncryptedTextField(
                        blank=True, verbose_name="Projet professionnel et pistes alternatives"
                    ),
                ),
                (
                    "formation",
                    bilan.crypto.EncryptedTextField(
                        blank=True, verbose_name="Projet de formation (le cas échéant)"
                    ),
                ),
                (
                    "etapes",
                    bilan.crypto.EncryptedTextField(
                        blank=True, verbose_name="Étapes détaillées de mise en œuvre"
                    ),
                ),
                ("empreinte_finale", models.CharField(blank=True, max_length=64)),
                ("finalisee_le", models.DateTimeField(blank=True, null=True)),
                ("remise_le", models.DateTimeField(blank=True, null=True)),
                (
                    "document",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="synthese",
                        to="scelles.documentscelle",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "bilan",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="synthese",
                        to="beneficiaires.bilan",
                    ),
                ),
            ],
            options={
                "verbose_name": "synthèse",
                "verbose_name_plural": "synthèses",
                "permissions": [("comment_synthese", "Formuler des observations sur la synthèse")],
                "default_permissions": ("view", "change"),
            },
        ),
        migrations.CreateModel(
            name="SyntheseGroupObjectPermission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "content_object",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="synthese.synthese"
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="auth.group"),
                ),
                (
                    "permission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="auth.permission"
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="SyntheseSignature",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("beneficiaire", "Bénéficiaire"), ("consultant", "Consultant")],
                        max_length=20,
                    ),
                ),
                ("signe_le", models.DateTimeField()),
                ("ip", models.GenericIPAddressField(blank=True, null=True)),
                ("user_agent", models.CharField(blank=True, max_length=500)),
                ("empreinte", models.CharField(max_length=64)),
                (
                    "signataire",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signatures_synthese",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "synthese",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signatures",
                        to="synthese.synthese",
                    ),
                ),
            ],
            options={
                "verbose_name": "signature de la synthèse",
                "ordering": ["signe_le", "pk"],
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="SyntheseUserObjectPermission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "content_object",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="synthese.synthese"
                    ),
                ),
                (
                    "permission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="auth.permission"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="SyntheseVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("numero", models.PositiveSmallIntegerField()),
                (
                    "motif",
                    models.CharField(
                        choices=[
                            ("soumission", "Soumise au bénéficiaire"),
                            ("finalisation", "Finalisée"),
                        ],
                        max_length=20,
                    ),
                ),
                ("contexte", bilan.crypto.EncryptedTextField(blank=True)),
                ("competences", bilan.crypto.EncryptedTextField(blank=True)),
                ("projet", bilan.crypto.EncryptedTextField(blank=True)),
                ("formation", bilan.crypto.EncryptedTextField(blank=True)),
                ("etapes", bilan.crypto.EncryptedTextField(blank=True)),
                ("acteur_id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "synthese",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="synthese.synthese",
                    ),
                ),
            ],
            options={
                "ordering": ["synthese", "numero"],
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="SyntheseObservation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("texte", bilan.crypto.EncryptedTextField(verbose_name="Vos observations")),
                ("auteur_id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "synthese",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="observations",
                        to="synthese.synthese",
                    ),
                ),
                (
                    "version",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="observation",
                        to="synthese.syntheseversion",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
                "default_permissions": (),
            },
        ),
        migrations.AddConstraint(
            model_name="synthese",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("etat__in", ["brouillon", "soumise", "observee", "finale", "remise"])
                ),
                name="synthese_etat_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="synthese",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("etat__in", ["finale", "remise"]),
                        models.Q(("empreinte_finale", ""), _negated=True),
                        ("finalisee_le__isnull", False),
                    ),
                    models.Q(
                        ("etat__in", ["brouillon", "soumise", "observee"]), ("empreinte_finale", "")
                    ),
                    _connector="OR",
                ),
                name="synthese_finale_has_empreinte",
            ),
        ),
        migrations.AddConstraint(
            model_name="synthese",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("etat", "remise"), _negated=True),
                    models.Q(("remise_le__isnull", False), ("document__isnull", False)),
                    _connector="OR",
                ),
                name="synthese_remise_dated",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="synthesegroupobjectpermission",
            unique_together={("group", "permission", "content_object")},
        ),
        migrations.AddConstraint(
            model_name="synthesesignature",
            constraint=models.UniqueConstraint(
                fields=("synthese", "role"), name="synthese_signature_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="synthesesignature",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["beneficiaire", "consultant"])),
                name="synthese_signature_role",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="syntheseuserobjectpermission",
            unique_together={("user", "permission", "content_object")},
        ),
        migrations.AddConstraint(
            model_name="syntheseversion",
            constraint=models.UniqueConstraint(
                fields=("synthese", "numero"), name="synthese_version_numero_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="syntheseversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("motif__in", ["soumission", "finalisation"])),
                name="synthese_version_motif_valid",
            ),
        ),
    ]


MESSAGE = "synthese signee : texte et empreinte immuables"

SQLITE_UP = [
    f"""CREATE TRIGGER synthese_signee_immuable BEFORE UPDATE ON synthese_synthese
    WHEN EXISTS (SELECT 1 FROM synthese_synthesesignature s WHERE s.synthese_id = OLD.id)
    AND (NEW.empreinte_finale IS NOT OLD.empreinte_finale
         OR NEW.finalisee_le IS NOT OLD.finalisee_le
         OR NEW.etat NOT IN ('finale', 'remise'))
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER synthese_signature_immuable BEFORE UPDATE ON synthese_synthesesignature
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS synthese_signee_immuable;",
    "DROP TRIGGER IF EXISTS synthese_signature_immuable;",
]
POSTGRES_UP = [
    f"""CREATE FUNCTION synthese_signee_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'synthese_synthesesignature' THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF EXISTS (SELECT 1 FROM synthese_synthesesignature s WHERE s.synthese_id = OLD.id)
           AND (NEW.empreinte_finale IS DISTINCT FROM OLD.empreinte_finale
                OR NEW.finalisee_le IS DISTINCT FROM OLD.finalisee_le
                OR NEW.etat NOT IN ('finale', 'remise')) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END;
    $$;""",
    """CREATE TRIGGER synthese_signee_immuable BEFORE UPDATE ON synthese_synthese
    FOR EACH ROW EXECUTE FUNCTION synthese_signee_guard();""",
    """CREATE TRIGGER synthese_signature_immuable BEFORE UPDATE ON synthese_synthesesignature
    FOR EACH ROW EXECUTE FUNCTION synthese_signee_guard();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS synthese_signature_immuable ON synthese_synthesesignature;",
    "DROP TRIGGER IF EXISTS synthese_signee_immuable ON synthese_synthese;",
    "DROP FUNCTION IF EXISTS synthese_signee_guard();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"synthese triggers not written for {schema_editor.connection.vendor}"
            )
        for sql in statements:
            schema_editor.execute(sql)

    return run


Migration.operations.append(
    migrations.RunPython(
        _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
        _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
    )
)
