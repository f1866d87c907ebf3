from django.urls import URLPattern

administration: list[URLPattern] = []
