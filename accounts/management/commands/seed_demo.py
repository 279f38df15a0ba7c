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
        # The log-ins this scale has (not a fixed list: the state scale has no "es.east").
        width = max((len(email) for email, _, _ in result.logins), default=20)
        for email, role, program in result.logins:
            self.stdout.write(f"  {email:<{width}}  {role!s:<34}  {program}")
        self.stdout.write(f"  Password for all of them: {settings.OPENIPS_DEMO_PASSWORD}")
