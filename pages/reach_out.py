"""Where a visitor asks the practice for a consultation: the address of the request form.

The form is the contact app's, above this one: it tells its address here in its
AppConfig.ready(), so that the pages' buttons and navigation can lead to it
without pages naming anything of contact's. Without it, they lead to the
practice's email.
"""

_address = None


def register_request_form(address):
    """`address()` returns the request form's address (a function: URLs are read once they are loaded)."""
    global _address
    _address = address


def request_form_address(practice_email=""):
    if _address is not None:
        return _address()
    return f"mailto:{practice_email}" if practice_email else ""
