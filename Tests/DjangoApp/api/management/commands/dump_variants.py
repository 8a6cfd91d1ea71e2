"""Writes `dumpdata` in every variant into a folder, in one process (24 Django start-ups saved).

Files are named SCOPE-KEYS-INDENT.FORMAT: SCOPE `api` (dumpdata api) or `all` (every app), KEYS
`plain` or `natural` (--natural-foreign --natural-primary), INDENT `flat` or `indent`
(--indent 2), FORMAT json, jsonl or xml.
"""
import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Write dumpdata in every variant (scope, natural keys, indent, format) into a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        os.makedirs(folder, exist_ok=True)
        for scope in ["api", "all"]:
            for keys in ["plain", "natural"]:
                for indent in ["flat", "indent"]:
                    for format in ["json", "jsonl", "xml"]:
                        labels = ["api"] if scope == "api" else []
                        path = os.path.join(folder, f"{scope}-{keys}-{indent}.{format}")
                        call_command(
                            "dumpdata", *labels, format=format, output=path,
                            indent=2 if indent == "indent" else None,
                            use_natural_foreign_keys=keys == "natural",
                            use_natural_primary_keys=keys == "natural", verbosity=0,
                        )
