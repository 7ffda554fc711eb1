"""Uploaded media are served as images only, and can neither run script nor be read as a page."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.support import image_bytes

pytestmark = pytest.mark.django_db


def test_an_uploaded_image_is_served_sandboxed_with_its_image_type(client):
    name = default_storage.save("uploads/2026/11/calm.png", ContentFile(image_bytes()))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_address_that_climbs_out_of_the_media_folder_is_not_found(client):
    assert client.get("/media/uploads/../../practice_site/settings.png").status_code == 404


@pytest.mark.parametrize("name", ["uploads/evil.html", "uploads/evil.js", "uploads/evil.svg", "uploads/evil"])
def test_files_that_are_not_images_are_never_served(client, name):
    """Left by an older version's upload route, or put there by hand: stored, but never served."""
    default_storage.save(name, ContentFile(b"<script>alert(document.cookie)</script>"))
    assert client.get(f"/media/{name}").status_code == 404
