"""A line break in a title or the practice's name never stops the mailing (nor adds a header of its own)."""

import pytest
from django.urls import reverse

from blog.models import Post
from pages.models import PracticeProfile
from subscriptions.delivery import email_post
from subscriptions.models import Delivery, Subscriber

pytestmark = pytest.mark.django_db(transaction=True)

BROKEN = "On worry\r\nBcc: everyone@example.com"


def test_the_admin_refuses_a_title_with_a_line_break_and_keeps_what_was_typed(admin_client, post_form):
    response = admin_client.post(reverse("admin:blog_post_add"), post_form(title=BROKEN, slug="on-worry"))
    assert response.status_code == 200
    assert "Keep this on one line" in response.content.decode()
    assert response.context["adminform"].form["body"].value(), "nothing typed is lost"
    assert not Post.objects.filter(slug="on-worry").exists()


def test_the_admin_refuses_a_practice_name_with_a_line_break(admin_client, admin_form_data, profile):
    url = reverse("admin:pages_practiceprofile_change", args=[profile.pk])
    response = admin_client.post(url, admin_form_data(profile, practice_name="Quiet Room\nTherapy"))
    assert response.status_code == 200
    assert "Keep this on one line" in response.content.decode()


def test_saving_from_anywhere_else_folds_the_break_into_a_space(post_factory, profile):
    post = post_factory(title="On worry\u2028and rest\r\n")
    assert Post.objects.get(pk=post.pk).title == "On worry and rest"
    profile.practice_name = "Quiet Room\r\nTherapy"
    profile.save()
    assert PracticeProfile.objects.get().practice_name == "Quiet Room Therapy"


def test_an_article_stored_with_a_break_earlier_still_reaches_every_reader(mail_server, post_factory, profile):
    reader = Subscriber.objects.create(email="reader@example.com")
    Subscriber.objects.filter(pk=reader.pk).update(confirmed_at=reader.created_at)
    post = post_factory(title="On worry")
    Post.objects.filter(pk=post.pk).update(title=BROKEN)  # as a row saved before the rule existed
    PracticeProfile.objects.filter(pk=profile.pk).update(practice_name="Still\nWater")
    email_post.call(post.pk)
    (message,) = mail_server.messages
    assert message["Subject"] == "On worry Bcc: everyone@example.com"
    assert message["Bcc"] is None
    assert message["From"].addresses[0].display_name == "Still Water"
    assert Delivery.objects.get().status == Delivery.Status.SENT
