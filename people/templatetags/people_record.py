"""Template tags of a person's record page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def record_section(context, section):
    """Include one part of the record: its partial sees the page's context with the part's own on top.

    `section` is {"template": ..., "context": ...} from the record page's view; this is
    `{% include %}` with a whole dictionary as the extra context, which the built-in tag cannot take.
    """
    partial = context.template.engine.get_template(section["template"])
    with context.push(**section["context"]):
        return partial.render(context)
