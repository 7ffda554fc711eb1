"""Small readers for rendered pages, so tests assert what a visitor sees."""

from html.parser import HTMLParser


class _LinkCollector(HTMLParser):
    def __init__(self, within_id=None):
        super().__init__()
        self.within_id = within_id
        self.depth = 0 if within_id else 1
        self.links = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.within_id and attrs.get("id") == self.within_id:
            self.depth = 1
        elif self.within_id and self.depth:
            self.depth += 1
        if self.depth and tag == "a":
            self._current = {"href": attrs.get("href"), "rel": attrs.get("rel", ""), "text": ""}

    def handle_endtag(self, tag):
        if tag == "a" and self._current is not None:
            self._current["text"] = " ".join(self._current["text"].split())
            self.links.append(self._current)
            self._current = None
        if self.within_id and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data


def links(response, within_id=None):
    """Links on the page (or inside the element with `within_id`): dicts of href, rel and text."""
    collector = _LinkCollector(within_id)
    collector.feed(response.content.decode())
    return collector.links


def link_with_rel(response, rel):
    found = [link for link in links(response) if rel in link["rel"].split()]
    assert len(found) <= 1, f"more than one rel={rel} link: {found}"
    return found[0] if found else None


def hrefs(response, within_id=None):
    return [link["href"] for link in links(response, within_id)]
