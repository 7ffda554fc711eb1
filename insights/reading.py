"""Which article a visitor read before asking for a consultation — carried by the contact form itself, in a
hidden field filled from the page the visitor came from, and counted on the article when the request is
sent. The request stores only what the visitor typed (contact.models.ConsultationRequest has no field
for this): the inbox never says what anyone read."""

from django.urls import Resolver404, resolve

from blog.models import Post
from insights.rules import same_site_path

FIELD = "read_before"


def article_slug(path):
    """The slug of the article `path` is the address of (public or not), or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs["slug"] if match.view_name == "blog:post_detail" else None


def article_path(path):
    """`path` when it is the address of a public article, else ""."""
    slug = article_slug(path)
    return path if slug and Post.objects.published().filter(slug=slug).exists() else ""


def article_read_before(request):
    """The article named by a sent contact form, if it is one."""
    return article_path(request.POST.get(FIELD, ""))


def article_to_credit(request):
    """For the contact form: the article the visitor came from — or, when the form is shown again after a
    refusal, the one it already carried."""
    return article_path(request.POST.get(FIELD, "")) or article_path(same_site_path(request))
