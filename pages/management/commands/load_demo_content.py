from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from blog.demo_posts import DEMO_POSTS, DEMO_TOPICS
from blog.models import AuthorProfile, Post, Topic
from pages.demo_content import AUTHOR_PROFILE, DEMO_AUTHOR, FEES, LICENSES, PAGES, PROFILE, SERVICES, SPECIALTIES
from pages.demo_images import ARTICLE_PHOTOGRAPHS, PORTRAIT, picture_bytes
from pages.models import FeesAndInsurance, License, Page, PracticeProfile, Service, Specialty


def demo_publish_time(days_ago):
    """9:00 in the practice's time zone, `days_ago` days from today (negative: ahead)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


class Command(BaseCommand):
    help = (
        "Create the demo practice profile, services, pages, author and articles where they are missing. "
        "Safe to run more than once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has articles (used by `make run`).",
        )

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and (Post.objects.exists() or Page.objects.exists() or Service.objects.exists()):
            self.stdout.write("The site already has content; demo content not loaded.")
            return
        # The therapist who took the demo's writing over (create_local_admin) stays its author.
        taken_over = AuthorProfile.objects.filter(display_name=AUTHOR_PROFILE["display_name"]).first()
        author = taken_over.user if taken_over else get_user_model().objects.get_or_create(
            username=DEMO_AUTHOR["username"],
            defaults={**DEMO_AUTHOR, "is_active": False},
        )[0]
        topics = {
            slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})[0]
            for slug, (name, description) in DEMO_TOPICS.items()
        }
        created = 0
        for number, demo in enumerate(DEMO_POSTS):
            days_ago = demo["days_ago"]
            post, was_created = Post.objects.get_or_create(
                slug=demo["slug"],
                defaults={
                    "title": demo["title"],
                    "excerpt": demo["excerpt"],
                    "body": demo["body"],
                    "status": demo.get("status", Post.Status.PUBLISHED),
                    "published_at": None if days_ago is None else demo_publish_time(days_ago),
                    "author": author,
                },
            )
            if was_created:
                post.topics.set([topics[slug] for slug in demo["topics"]])
                photograph = ARTICLE_PHOTOGRAPHS[number % len(ARTICLE_PHOTOGRAPHS)]
                post.featured_image = ContentFile(picture_bytes(photograph), name=f"{demo['slug']}.jpg")
                post.featured_image_alt = photograph.description
                post.save()
            created += was_created
        if not PracticeProfile.objects.exists():
            profile = PracticeProfile(**PROFILE, portrait_alt=PORTRAIT.description)
            profile.portrait = ContentFile(picture_bytes(PORTRAIT), name="dana-whitfield.jpg")
            profile.save()
            FeesAndInsurance.objects.filter(profile=profile).update(**FEES)
            for license in LICENSES:
                License.objects.create(profile=profile, **license)
            for order, (name, topic_slug) in enumerate(SPECIALTIES, start=1):
                Specialty.objects.create(profile=profile, name=name, topic=topics.get(topic_slug), order=order)
        AuthorProfile.objects.get_or_create(user=author, defaults=AUTHOR_PROFILE)
        services = sum(
            Service.objects.get_or_create(slug=service["slug"], defaults={**service, "order": order})[1]
            for order, service in enumerate(SERVICES, start=1)
        )
        pages = sum(Page.objects.get_or_create(slug=page["slug"], defaults=page)[1] for page in PAGES)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {created} article(s), {services} service(s), {pages} page(s) created."
            )
        )
