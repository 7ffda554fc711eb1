"""The admin's first page — the therapist's desk: what needs her today, then her sections by what she does.

Each app says what it puts on the desk, in its AppConfig.ready():
`place(section, *models)` files its models under one of SECTIONS in the index and the sidebar, and
`add_note(function)` adds a few lines to the first page — `function(request)` returns a DeskNote, or None
when the user may not see that part. Models no app placed (accounts, groups, task results) are
framework machinery: shown to superusers only, under "Site administration".
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil

from core.maintenance import worker_is_running, worker_last_seen

SECTIONS = ["Inbox", "Writing", "Readers", "Insights", "Practice", "Moving in"]
SITE_ADMINISTRATION = "Site administration"
BACKGROUND_WORK = "Background work"

_SECTION_OF = {}  # model → its section; the order of placing is the order in the section
_NOTES = []  # functions(request) → DeskNote | None, in the order the apps registered them


@dataclass
class DeskLine:
    text: str
    url: str = ""
    detail: str = ""  # a second, quieter part: “Tuesday, December 8, 9:00 AM (in 2 days)”


@dataclass
class DeskNote:
    title: str  # one of SECTIONS, or BACKGROUND_WORK: the notes are shown in that order
    lines: list = field(default_factory=list)
    is_warning: bool = False


def place(section, *models):
    assert section in SECTIONS, section
    for model in models:
        _SECTION_OF[model] = section


def add_note(function):
    _NOTES.append(function)
    return function


def notes(request):
    found = [note for note in (function(request) for function in _NOTES) if note is not None]
    order = [*SECTIONS, BACKGROUND_WORK]
    return sorted(found, key=lambda note: order.index(note.title) if note.title in order else len(order))


def background_work_note(request):
    """Whether the worker runs (by its heartbeat, core.maintenance), in words that are true."""
    seen = worker_last_seen()
    if worker_is_running():
        return DeskNote(BACKGROUND_WORK, [DeskLine("Emails and scheduled jobs are running.")])
    since = f"since {moment(seen)}" if seen else "yet"
    return DeskNote(
        BACKGROUND_WORK,
        [DeskLine(f"Emails and scheduled jobs have not run {since}: the background worker is not running "
                  "— see docs/deploying.md.")],
        is_warning=True,
    )


def grouped(app_list, user):
    """Django's app list, regrouped by section; machinery only for superusers."""
    sections = {name: [] for name in [*SECTIONS, SITE_ADMINISTRATION]}
    placed = list(_SECTION_OF)
    models = [model for app in app_list for model in app["models"]]
    for model in sorted(models, key=lambda model: placed.index(model["model"]) if model["model"] in placed else 0):
        section = _SECTION_OF.get(model["model"], SITE_ADMINISTRATION)
        if section != SITE_ADMINISTRATION or user.is_superuser:
            sections[section].append(model)
    return [
        {"name": name, "app_label": name.lower().replace(" ", "-"), "app_url": "", "has_module_perms": True,
         "models": models}
        for name, models in sections.items()
        if models
    ]


def moment(when, now=None):
    """“Tuesday, December 8, 9:00 AM” in the practice's time zone, with the year when it is not this year."""
    local, now = timezone.localtime(when), timezone.localtime(now)
    pattern = "l, F j, g:i A" if local.year == now.year else "l, F j, Y, g:i A"
    return date_format(local, pattern)


def from_now(when):
    """“in 2 days”, “in 3 hours”; “now” for a moment already past."""
    return f"in {timeuntil(when, depth=1)}" if when > timezone.now() else "now"
