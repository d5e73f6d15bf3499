"""Django's SQLite backend, except for how it finds out that SQLite has JSON functions.

Django asks inside a transaction; in our `transaction_mode` IMMEDIATE a transaction first waits for the write lock,
so while another process wrote for longer than the busy timeout (`newsdesk demo`, `generate`) any command starting
then (`worker`, `reconcile`) failed its system checks with "SQLite does not support JSONFields". The same question
asked outside a transaction needs no lock."""

from django.db import OperationalError
from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def supports_json_field(self):
        with self.connection.cursor() as cursor:
            try:
                cursor.execute('SELECT JSON(\'{"a": "b"}\')')
            except OperationalError:
                return False
        return True


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
