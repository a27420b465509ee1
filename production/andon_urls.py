"""Andon boards for the floor's TVs, mounted at /andon/: opened by their own revocable link token, no sign-in
(production/views/andon.py)."""

from django.urls import path

from .views import andon

urlpatterns = [
    path("<str:token>/", andon.board, name="andon-board"),
    path("<str:token>/panel/", andon.panel, name="andon-panel"),
]
