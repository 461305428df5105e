"""The review database: documents, records with their versions, the append-only audit history, users.

One implementation of every review action lives here (``records``, ``importer``, ``users``, ``checks``,
``queue``, ``blind``); the JSON API and the pages both call it, so a rule holds whichever way a lawyer works.
SQLite (default, a file under data/) and PostgreSQL (a team server) run the same code and the same tests.
"""
