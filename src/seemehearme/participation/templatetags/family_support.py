"""The case page's section on support for the child's family. The case page is shown only
through the access gate (``child_view``), which has already checked and logged the visit."""

from __future__ import annotations

from typing import Any

from django import template

from seemehearme.cases.models import Case
from seemehearme.participation.selectors import family_support

register = template.Library()


@register.inclusion_tag("participation/_case_section.html")
def family_support_section(case: Case, name: str) -> dict[str, Any]:
    return {"case": case, "name": name, "offers": list(family_support(case))}
