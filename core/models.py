import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone


class MovedPath(models.Model):
    """An address that used to show a post, service or page, and where it lives now.

    Recorded when a slug changes, so old links and search results answer
    301 instead of 404 (see core.middleware). Kept one hop deep: moving a
    page again repoints every older address straight to the newest one.
    The redirect is followed only while what moved is public: otherwise the
    old address would reveal the new address of a draft.
    """

    old_path = models.CharField(max_length=300, unique=True)
    new_path = models.CharField(max_length=300)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    moved_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    @classmethod
    def record(cls, old_path, target):
        new_path = target.get_absolute_url()
        cls.objects.filter(new_path=old_path).update(new_path=new_path)
        cls.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path, "target": target})

    @property
    def leads_somewhere_public(self):
        """Only to an address on this site, of something visitors may see now."""
        local = self.new_path.startswith("/") and not self.new_path.startswith(("//", "/\\"))
        return local and getattr(self.target, "is_public", False)

    @classmethod
    def stop_redirecting(cls, path):
        """`path` shows something again: it no longer redirects anywhere."""
        cls.objects.filter(old_path=path).delete()


def _new_token():
    return secrets.token_urlsafe(32)  # 256 random bits


def _in_a_week():
    return timezone.now() + PREVIEW_LIFETIME


PREVIEW_LIFETIME = timedelta(days=7)


class PreviewLinkQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A link to a draft or scheduled item for someone without an account (a supervisor, a colleague).

    Whoever holds the address sees the item as it will look once published, until the link expires or
    is revoked (core.previews). The token is the whole secret: 256 random bits.
    """

    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_in_a_week)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"Preview of {self.target} until {self.expires_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("preview", kwargs={"token": self.token})


class SiteSetting(models.Model):
    """A model of which the site has one row (pk 1): a set of settings, read with `load()` — the saved row,
    or the defaults before anyone saved it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first() or cls()
