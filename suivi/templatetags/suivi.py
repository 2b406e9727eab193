from django import template

from suivi.rappels import rappels_de_l_eleve

register = template.Library()


@register.inclusion_tag("suivi/_rappels_eleve.html")
def rappels_eleve(eleve):
    """The reminders section of a student's file (the caller has loaded the student through access)."""
    return {"rappels": rappels_de_l_eleve(eleve)}
