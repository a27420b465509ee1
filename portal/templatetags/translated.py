"""Data in two languages in templates (see portal/models/translated.py):

    {% load translated %}
    {{ category|localized }}            -> the category's name, in Spanish for Spanish users when it has one
    {{ note|localized:"text" }}         -> another translatable field
"""

from django import template

from portal.models.translated import localized as _localized

register = template.Library()


@register.filter
def localized(obj, field: str = "name") -> str:
    return _localized(obj, field)
