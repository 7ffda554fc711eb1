"""The Writing part of the admin's first page (core.desk): what is scheduled next, being written, ending."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from blog.models import Post
from core.desk import DeskLine, DeskNote, from_now, moment

SHOWN = 3
ENDING_WITHIN = timedelta(days=14)


def _line(post, detail):
    return DeskLine(post.title, reverse("admin:blog_post_change", args=[post.pk]), detail)


def _ago(when):
    return "just now" if timezone.now() - when < timedelta(minutes=1) else f"{timesince(when, depth=1)} ago"


def writing_note(request):
    if not request.user.has_perm("blog.view_post"):
        return None
    now = timezone.now()
    posts = Post.objects.only("title", "published_at", "unpublish_at", "updated_at")
    lines = [
        _line(post, f"Scheduled for {moment(post.published_at)} ({from_now(post.published_at)})")
        for post in posts.scheduled().order_by("published_at", "pk")[:SHOWN]
    ]
    lines += [
        _line(post, f"Draft, last edited {_ago(post.updated_at)}")
        for post in posts.drafts().order_by("-updated_at", "-pk")[:SHOWN]
    ]
    lines += [
        _line(post, f"Ends {moment(post.unpublish_at)} ({from_now(post.unpublish_at)})")
        for post in posts.published().filter(unpublish_at__lte=now + ENDING_WITHIN).order_by("unpublish_at")[:SHOWN]
    ]
    if not lines:
        lines = [DeskLine("Nothing scheduled and no drafts.", "", "")]
    if request.user.has_perm("blog.add_post"):
        lines.append(DeskLine("Write a new article", reverse("admin:blog_post_add")))
    return DeskNote("Writing", lines)
