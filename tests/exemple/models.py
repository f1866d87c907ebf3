from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from bilan.crypto import EncryptedTextField


class Carnet(models.Model):
    """Stands for any confidential content of a bilan."""

    beneficiaire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    texte = EncryptedTextField(blank=True)

    def __str__(self) -> str:
        return f"carnet {self.pk}"


class CarnetUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Carnet, on_delete=models.CASCADE)


class CarnetGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Carnet, on_delete=models.CASCADE)
