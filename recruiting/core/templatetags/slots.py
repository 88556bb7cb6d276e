"""`{% slot "name" key=value ... %}`: render what the apps above contribute (core.slots)."""

from django import template

from recruiting.core.slots import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name, **kwargs):
    request = context.get("request")
    if request is None:
        return ""
    return render_slot(name, request, **kwargs)
