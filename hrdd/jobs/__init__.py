"""Background work: one more entry point, like ``cli``, ``api`` and ``web``.

Thin task functions (:mod:`hrdd.jobs.tasks`) call the services. On PostgreSQL they run on
procrastinate workers (``hrdd worker``), any number of them on any number of machines; on the
embedded SQLite default the same functions run in-process (:mod:`hrdd.jobs.inline`), right
after the action that makes work and whenever ``hrdd worker`` runs. What is pending is always
derived from the database (list versions not yet re-screened, alerts not yet delivered), so a
worker killed mid-job loses nothing: the job runs again and its alerts are deduplicated.
"""
