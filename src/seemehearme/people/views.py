from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def child_search(request: HttpRequest) -> HttpResponse:
    return render(request, "web/404.html", status=404)


child_detail = child_access_history = break_glass_start = child_search
