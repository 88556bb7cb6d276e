from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL extensions the apps rely on: btree_gist for the interview exclusion
    constraint, pg_trgm for misspelled-name search, unaccent for name matching."""

    initial = True
    dependencies: list = []
    operations = [BtreeGistExtension(), TrigramExtension(), UnaccentExtension()]
