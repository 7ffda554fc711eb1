"""Reading the sitemap as a search engine does: the index, then every sitemap it lists."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.urls import reverse

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client):
    """Every address in the sitemap, with its lastmod (None when absent)."""
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    entries = {}
    for sitemap in ET.fromstring(index.content).findall(f"{SITEMAP}sitemap"):
        address = urlsplit(sitemap.findtext(f"{SITEMAP}loc"))
        response = client.get(address.path, {"p": address.query.removeprefix("p=")} if address.query else {})
        assert response.status_code == 200, address
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return entries
