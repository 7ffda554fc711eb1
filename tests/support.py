"""Helpers for tests that reach real services over the network."""

import os
import urllib.request

import pytest


def require(available, reason):
    """Skip without the service, except in CI, where every test must run."""
    if not available:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let a test see a redirect instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None
