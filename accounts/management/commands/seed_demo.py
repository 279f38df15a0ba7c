"""Build deterministic synthetic demo data; safe to run twice (the second run writes nothing)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts import demo


class Command(BaseCommand):
    help = "Create synthetic agencies, programs and staff (demo: 2 programs; state: 100; nation: 1,000)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(demo.SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")

    def handle(self, *args, scale, seed, **options):
        result = demo.build(scale=scale, seed=seed)
        if result.wrote_anything:
            made = ", ".join(f"{n} {kind}" for kind, n in result.created.items())
            self.stdout.write(self.style.SUCCESS(f"Synthetic {scale} data created: {made}."))
        else:
            self.stdout.write(f"Synthetic {scale} data already present; nothing written.")
        self.stdout.write("")
        self.stdout.write("Demo log-ins (every person here is synthetic):")
        width = max(len(e) for e, _, _ in demo_logins()) if demo_logins() else 20
        for email, role, program in demo_logins():
            self.stdout.write(f"  {email:<{width}}  {role:<34}  {program}")
        self.stdout.write(f"  Password for all of them: {settings.OPENIPS_DEMO_PASSWORD}")


def demo_logins():
    out = []
    for local, _first, _last, role, index, _fte in demo.DEMO_USERS:
        program = (
            ["Northwoods IPS — East", "Northwoods IPS — West"][index] if index is not None else "state-wide"
        )
        out.append((f"{local}@{demo.DEMO_DOMAIN}", str(role.label), program))
    return out
