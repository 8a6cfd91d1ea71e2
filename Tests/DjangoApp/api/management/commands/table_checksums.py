"""Prints one line per table of the database: name, row count and an MD5 of its rows.

The rows are read raw through the connection (no model code), each with its columns in name
order, and sorted, so two databases compare equal when they hold the same values in the same
storage types whatever their column order or insertion order. Compare like with like: the
same dialect on both sides.
"""
import hashlib

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Print 'table rows md5' for every table, to compare two databases of one dialect."

    def handle(self, *args, **options):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in sorted(connection.introspection.table_names(cursor)):
                columns = sorted(c.name for c in connection.introspection.get_table_description(cursor, table))
                cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")
                rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
                digest = hashlib.md5("\n".join(rows).encode()).hexdigest()
                self.stdout.write(f"{table} {len(rows)} {digest}")
