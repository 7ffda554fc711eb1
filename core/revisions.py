"""Every save in the admin keeps a version (django-reversion); any two can be compared, any one restored.

Models declare what is versioned with `reversion.register` (images are not: a
version restores the writing, the pictures stay as they are). The admin of each
versioned model mixes in `VersionHistoryAdmin`: its History page lists the
versions with who saved them and when, compares any two word by word, and opens
any one to restore it — which saves it as a new version. Only the newest
KEEP_VERSIONS of each item are kept.
"""

import difflib
import html
import re

from django.contrib import messages
from django.contrib.admin.options import InlineModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion.revisions import _follow_relations_recursive, _get_options
from reversion.signals import post_revision_commit

from core.admin_site import object_id_or_404

KEEP_VERSIONS = 50

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def readable_lines(value):
    """A field's text as lines a person compares: rich text loses its markup, one line per block."""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", str(value or ""))))
    return [line.strip() for line in text.splitlines() if line.strip()]


def word_diff(old, new):
    """The words of `new`, with what `old` had instead marked as deleted and what is new as inserted."""
    old_words, new_words = " ".join(readable_lines(old)).split(), " ".join(readable_lines(new)).split()
    parts = []
    for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
        None, old_words, new_words, autojunk=False
    ).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", " ".join(old_words[old_start:old_end])))
        if tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", " ".join(new_words[new_start:new_end])))
        if tag == "equal":
            parts.append(format_html("{}", " ".join(old_words[old_start:old_end])))
    return mark_safe(" ".join(parts))


def keep_newest_versions(sender, revision, versions, **kwargs):
    """post_revision_commit receiver: each item keeps its newest KEEP_VERSIONS versions."""
    for version in versions:
        older = Version.objects.get_for_object_reference(version._model, version.object_id).values_list(
            "pk", flat=True
        )[KEEP_VERSIONS:]
        Version.objects.filter(pk__in=list(older)).delete()


post_revision_commit.connect(keep_newest_versions, dispatch_uid="core-keep-newest-versions")


class VersionHistoryAdmin(VersionAdmin):
    """django-reversion's admin with a History page that compares versions.

    `kept_on_restore` names fields that restoring a version must not change
    (a post's publishing state and times): the form shows their current values.
    """

    object_history_template = "admin/revisions/object_history.html"
    kept_on_restore = ()

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def compare_view(self, request, object_id):
        """Two versions side by side, field by field: what changed in the text."""
        obj = get_object_or_404(self.model, pk=object_id_or_404(self.model, object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        old = get_object_or_404(versions, pk=request.GET.get("from"))
        new = get_object_or_404(versions, pk=request.GET.get("to"))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        changes = []
        for field in self.model._meta.concrete_fields:
            before, after = old.field_dict.get(field.attname), new.field_dict.get(field.attname)
            if before != after and isinstance(before or after, str):
                changes.append({"label": field.verbose_name, "diff": word_diff(before, after)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": f"Changes to “{obj}”",
            "old": old,
            "new": new,
            "changes": changes,
            "history_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]),
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Open (GET) or restore (POST) a version — only one of this very item, through its own admin.

        django-reversion looks the version up by its number alone, whatever model it belongs to, and
        restoring reverts its whole revision: without these checks the post admin restored pages.
        """
        object_id = str(object_id_or_404(self.model, object_id))
        version = self._own_versions().filter(object_id=object_id, pk=version_id).first()
        if version is None:
            raise Http404("No such version of this item.")
        self._check_may_open(request, version)
        if self.kept_on_restore:
            current = self.model.objects.filter(pk=version.object_id).values(*self.kept_on_restore).first()
            request.kept_on_restore = current or {}
            if request.method == "GET" and current:
                fields = ", ".join(str(self.opts.get_field(name).verbose_name) for name in self.kept_on_restore)
                messages.info(
                    request, f"Restoring brings back the writing of this version; {fields} stay as they are now."
                )
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Bring back a deleted item of this admin's model — never an item that exists, nor another model's."""
        version = self._own_versions().filter(pk=version_id).first()
        if version is None or self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404("No such deleted item.")
        self._check_may_open(request, version)
        return super().recover_view(request, version_id, extra_context)

    def _own_versions(self):
        return Version.objects.get_for_model(self.model)

    def _check_may_open(self, request, version):
        """Seeing a version needs the right to see the item; restoring it, the right to change all it touches."""
        if request.method in ("GET", "HEAD"):
            current = self.model._default_manager.filter(pk=version.object_id).first()
            if not self.has_view_or_change_permission(request, current):
                raise PermissionDenied
        elif not self._may_restore(request, version.revision):
            raise PermissionDenied

    def _may_restore(self, request, revision):
        """Whether the user may write every object restoring `revision` would save or delete.

        Restoring saves each version of the revision (other items saved at the same moment, the
        licenses of a profile) and deletes the followed objects the revision did not hold.
        """
        saved, kept_keys = [], set()
        for version in revision.version_set.all():
            model = version._model
            current = model._default_manager.filter(**{_get_options(model).object_id_field: version.object_id}).first()
            saved.append((model, current))
            kept_keys.add((model, str(version.object_id)))
        deleted = {
            followed
            for _, current in saved
            if current is not None
            for followed in _follow_relations_recursive(current)
            if (type(followed), str(followed.pk)) not in kept_keys
        }
        return all(self._may_save(request, model, current) for model, current in saved) and all(
            self._may_delete(request, followed) for followed in deleted
        )

    def _writer_of(self, model):
        """The admin that decides who may write `model`: this one, one of its inlines, or the model's own."""
        if model is self.model:
            return self
        for inline_class in self.inlines:
            if inline_class.model is model:
                return inline_class(self.model, self.admin_site)
        return self.admin_site._registry.get(model)

    def _may_save(self, request, model, current):
        writer = self._writer_of(model)
        if writer is None:
            action = "add" if current is None else "change"
            return request.user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        if current is None:
            return writer.has_add_permission(request, *([None] if isinstance(writer, InlineModelAdmin) else []))
        return writer.has_change_permission(request, None if isinstance(writer, InlineModelAdmin) else current)

    def _may_delete(self, request, obj):
        writer = self._writer_of(type(obj))
        if writer is None:
            return request.user.has_perm(f"{obj._meta.app_label}.delete_{obj._meta.model_name}")
        return writer.has_delete_permission(request, None if isinstance(writer, InlineModelAdmin) else obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        kept = getattr(request, "kept_on_restore", None)
        if not kept:
            return form

        class KeepingCurrentValues(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(kept)

        return KeepingCurrentValues

    def history_view(self, request, object_id, extra_context=None):
        """Each version with who saved it and when, a link to open (and restore) it, and a way to compare two."""
        object_id = str(object_id_or_404(self.model, object_id))
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        versions = [
            {
                "id": version.pk,
                "saved_at": version.revision.date_created,
                "saved_by": version.revision.user,
                "comment": version.revision.get_comment(),
                "url": reverse(f"{name}_revision", args=[object_id, version.pk]),
            }
            for version in Version.objects.get_for_object_reference(self.model, object_id).select_related(
                "revision__user"
            )
        ]
        context = {"versions": versions, "compare_url": reverse(f"{name}_compare", args=[object_id])}
        return super().history_view(request, object_id, {**context, **(extra_context or {})})
