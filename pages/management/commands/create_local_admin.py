import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from blog.models import AuthorProfile, Post
from core import page_cache
from pages.demo_content import DEMO_AUTHOR
from pages.models import PracticeProfile

USERNAME = "admin"


@transaction.atomic
def take_over_the_demo_writing(admin):
    """The demo's articles and author profile become the therapist's own: one person in the author choice."""
    writer = get_user_model().objects.filter(username=DEMO_AUTHOR["username"], is_active=False).first()
    if writer is None or (writer.password and writer.has_usable_password()):  # a demo writer never signs in
        return
    Post.objects.filter(author=writer).update(author=admin)
    AuthorProfile.objects.filter(user=writer).update(user=admin)
    writer.delete()
    page_cache.content_changed()


class Command(BaseCommand):
    help = (
        "Create the local superuser 'admin' (named after the practice's therapist) if it does not exist yet, "
        "and print its password once. "
        "Uses DJANGO_SUPERUSER_PASSWORD when set, otherwise a random password."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Admin account '{USERNAME}' already exists; its password is unchanged.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        # Articles are credited to the writer's name, never to the login name "admin".
        first_name, _, last_name = PracticeProfile.load().therapist_name.partition(" ")
        admin = User.objects.create_superuser(
            username=USERNAME, email="", password=password, first_name=first_name, last_name=last_name
        )
        take_over_the_demo_writing(admin)
        sign_in_url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/{settings.ADMIN_URL}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the admin account. Sign in at {sign_in_url} with\n"
                f"    username: {USERNAME}\n    password: {password}\n"
                "This password is shown only once — keep it somewhere safe."
            )
        )
