"""``hrdd worker``: run the background jobs (re-screening, deliveries, scheduled refresh)."""

import click


@click.command()
@click.option("--burst", is_flag=True, help="Process what is queued and pending, then exit.")
def worker(burst: bool) -> None:
    """Run a job worker: procrastinate on PostgreSQL (start as many as you like, on any machine),
    in-process on SQLite."""
    from hrdd.jobs.worker import run_worker
    from hrdd.settings import get_settings

    run_worker(get_settings(), burst=burst)
