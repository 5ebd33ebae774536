"""The only model of our own: a minimal App, so that a user can own applications and
`auth/cancel` can answer 409 (deis-api.md §4). Field names follow the real App
(uuid primary key, `id` slug, `owner`)."""
import uuid

from django.conf import settings
from django.db import models


class App(models.Model):
    uuid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    id = models.SlugField(max_length=63, unique=True)
    # CASCADE: the v1.13+/v2 views refuse (409) before deleting an owner; v1-legacy
    # (before v1.13) really did cascade.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ['id']

    def __str__(self):
        return self.id
