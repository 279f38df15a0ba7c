"""What a partner (treatment team, DVR, benefits counselor) may see of a person: the consent rule.

The one gate (`accounts.access.restrict`) calls `partner_condition` for every model that belongs
to a job seeker (it has a `job_seeker_path`). A partner sees such a row only while the person
has an active consent for that kind of partner; a treatment-team member must also be on the
person's treatment team; a model with a `consent_scope` needs that scope on the consent; a row
marked as 42 CFR Part 2 information needs a consent that covers Part 2.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts import roles


def partner_condition(model, user, role) -> Q:
    from .models import Consent, TreatmentTeam

    path = model.job_seeker_path
    prefix = f"{path}__" if path else ""
    consents = Consent.objects.active(timezone.localdate()).filter(
        job_seeker=OuterRef(path or "pk"), partner_kind=roles.PARTNER_CONSENT_KIND[role]
    )
    scope_item = getattr(model, "consent_scope", None)
    if scope_item:
        consents = consents.filter(scopes__item=scope_item)
    condition = Q(Exists(consents))
    part2_field = getattr(model, "part2_field", None)
    if part2_field:
        condition &= Q(**{part2_field: False}) | Q(Exists(consents.filter(covers_part2=True)))
    if role == roles.TT:
        on_team = TreatmentTeam.members.through.objects.filter(
            treatmentteam_id=OuterRef(f"{prefix}treatment_team_id"), user=user
        )
        condition &= Q(Exists(on_team))
    return condition
