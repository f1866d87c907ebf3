"""The user: an e-mail login and one role (domain.md, The people)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BENEFICIAIRE = "beneficiaire", _("Bénéficiaire")
    CONSULTANT = "consultant", _("Consultant")
    ADMINISTRATEUR = "administrateur", _("Administrateur")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_superuser=True, role=Role.ADMINISTRATEUR)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("date de création"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_administrateur(self) -> bool:
        """A superuser is an administrator, never more (domain.md, The people)."""
        return self.role == Role.ADMINISTRATEUR or self.is_superuser

    @property
    def is_consultant(self) -> bool:
        return self.role == Role.CONSULTANT and not self.is_superuser

    @property
    def is_beneficiaire(self) -> bool:
        return self.role == Role.BENEFICIAIRE and not self.is_superuser

    @property
    def requires_mfa(self) -> bool:
        """Consultants and administrators must use a second factor (issue: foundation)."""
        return self.is_administrateur or self.role == Role.CONSULTANT


class UserSession(models.Model):
    """Which sessions belong to whom, so that they can all be ended at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"session {self.pk} de {self.user_id}"
