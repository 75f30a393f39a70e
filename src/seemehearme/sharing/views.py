"""Pages for the data protection lead: agreements and break-glass reviews. (Skeleton.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return render(request, "web/404.html", status=404)


agreement_list = agreement_create = agreement_detail = agreement_edit = _todo
signatory_add = break_glass_reviews = break_glass_review = _todo
