from django.urls import URLPattern
backoffice: list[URLPattern] = []
portail: list[URLPattern] = []
administration: list[URLPattern] = []
public: list[URLPattern] = []
