from core.site import site_facts


def site(request):
    """The practice's name and tagline for every page, from whichever app provides them (core.site)."""
    return {"site": site_facts()}
