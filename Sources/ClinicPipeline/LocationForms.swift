/// Every way of naming a location, for `--help` and for errors about a location.
public enum LocationForms {
    /// The forms, one per line within 80 columns, indented to sit under a `hint:` or a heading.
    public static let list = """
            postgresql://user@host:5432/db    PostgreSQL (postgres:// too)
            "host=db dbname=clinic user=app"  PostgreSQL, as libpq's keywords
            $DATABASE_URL                     the app's own setting
            sqlite:///db.sqlite3              SQLite (sqlite:////abs/path)
            clinic.sqlite3, .sqlite, .db      SQLite file
            dir/                              CSV folder: api_<table>.csv[.gz]
            fixture.json, .jsonl, .xml[.gz]   Django fixture (dumpdata)
            backup.tar.gz, .tgz               backup archive
            dump.sql[.gz], custom format      pg_dump output (read only)
            backup.tar.gz.age, fixture….age   encrypted archive or fixture
        """

    /// A hint that lists the forms.
    public static let hint = "a location is one of:\n" + list

    /// The `--help` section that lists the forms.
    public static let helpSection = "\n\nLocations:\n" + list
}
