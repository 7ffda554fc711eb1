"""Counting a list's articles for "page 2 of 40" without reading all of them each time."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from core.page_cache import kept_until_change


class CountKeptPaginator(Paginator):
    """Counts the public posts once per change, not for every page: “page 2 of 40” over 10,000 posts
    counted every one of them each time, longer than all the rest of the page took."""

    def __init__(self, *args, count_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self):
        return kept_until_change(self.count_name, lambda: Paginator.count.func(self))


class CappedPaginator(Paginator):
    """Counts matches up to `cap` and lists that many: a search for a common word ("sleep" in a fifth of
    10,000 articles) counted every match on each search. Past the cap, more words find the article sooner
    than page 50 would; `has_more` says so."""

    def __init__(self, *args, cap, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def matches_counted(self):
        """Any cap + 1 of them tell: unordered, PostgreSQL need not rank every match to count them."""
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self.matches_counted, self.cap)

    @property
    def has_more(self):
        return self.matches_counted > self.cap
