"""The back office's pages for reference data a local area manages: retire and replace, never
rewrite (docs/adr/0013-reference-data-retire-and-replace.md).

- Every change is kept in the item's history (who, when, before and after); reverting from the
  history is not offered, because it would be an edit by another door.
- An item no record uses yet may be edited freely, or deleted.
- An item records use keeps everything that says what it means (code, wording, rank, group,
  category...): only whether it is offered in forms (``is_active``) and its display order
  (``order``) change in place. "Save as a new version and retire this one" adds the reworded
  item (with a new code) and retires the old one in the same transaction, so old records still
  show what they said and forms offer only the new one.
- Deleting an item in use is refused with the reason, never a list of the records (which may be
  about children, whom the back office never shows).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from seemehearme.areas.reference import uses, uses_text

REPLACE = "_saveasnew"  # Django's own "save as new" path, under a clearer name on the button

# Fields that may change in place even when records use the item.
UNLOCKED = frozenset({"is_active", "order"})


class ReferenceDataAdmin(SimpleHistoryAdmin):
    """Admin for one kind of reference data. Subclasses set the usual list options."""

    change_form_template = "admin/reference_change_form.html"
    list_filter: Any = ("is_active",)

    # --- Editing an item in use ------------------------------------------------------------

    def get_form(  # type: ignore[override]
        self,
        request: HttpRequest,
        obj: models.Model | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm]:
        base = super().get_form(request, obj, change=change, **kwargs)
        verbose_name = self.model._meta.verbose_name

        class KeepsWhatRecordsSay(base):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                if self.instance.pk is None:
                    return cleaned
                locked = [name for name in self.changed_data if name not in UNLOCKED]
                if locked and uses(self.instance):
                    for name in locked:
                        label = str(self.fields[name].label).lower()
                        self.add_error(
                            name,
                            f"This {verbose_name} is used by {uses_text(self.instance)}, so "
                            f"its {label} cannot be changed: those records would then say "
                            "something they did not say. Put it back, or use “Save as a new "
                            "version and retire this one” with a new code.",
                        )
                return cleaned

        return KeepsWhatRecordsSay

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = {**(extra_context or {}), "replace_offered": object_id is not None}
        if object_id is not None and request.method == "GET":
            item = self.get_object(request, object_id)
            if item is not None and (used_by := uses_text(item)):
                self.message_user(
                    request,
                    f"Used by {used_by}. Only whether it is offered in forms and its order "
                    "can change here; to reword it, save a new version, which retires this one.",
                    messages.INFO,
                )
        return super().changeform_view(request, object_id, form_url, context)

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.ModelForm, change: bool
    ) -> None:
        replaced = self._replaced(request)
        if replaced is not None and hasattr(obj, "version"):
            obj.version = replaced.version + 1  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
        if replaced is not None and replaced.is_active:  # type: ignore[attr-defined]
            replaced.is_active = False  # type: ignore[attr-defined]
            replaced._history_user = request.user  # type: ignore[attr-defined]
            replaced._change_reason = f"Replaced by {obj}"  # type: ignore[attr-defined]
            replaced.save(update_fields=["is_active"])
            self.log_change(request, replaced, f"Retired: replaced by {obj}.")
            self.message_user(
                request,
                f"“{replaced}” is retired: forms no longer offer it, and records that use it "
                "still show it.",
                messages.SUCCESS,
            )

    def _replaced(self, request: HttpRequest) -> models.Model | None:
        """The item a "save as a new version" replaces, if this request is one."""
        if request.method != "POST" or REPLACE not in request.POST:
            return None
        match = request.resolver_match
        object_id = match.kwargs.get("object_id") if match else None
        return self.get_object(request, object_id) if object_id else None

    # --- Deleting ------------------------------------------------------------------------

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each checked for use
        return actions

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        item = self.get_object(request, object_id)
        if item is not None and (used_by := uses_text(item)):
            self.message_user(
                request,
                f"“{item}” cannot be deleted: it is used by {used_by}. Retire it instead: "
                "untick “Offered in forms” and save.",
                messages.ERROR,
            )
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[item.pk],
                )
            )
        return super().delete_view(request, object_id, extra_context)

    # --- History -------------------------------------------------------------------------

    def revert_disabled(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied  # reverting is an edit that skips the checks above
        return super().history_form_view(request, object_id, version_id, extra_context)
