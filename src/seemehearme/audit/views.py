"""The access log for the data protection lead. (Skeleton.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def access_log(request: HttpRequest) -> HttpResponse:
    return render(request, "web/404.html", status=404)
