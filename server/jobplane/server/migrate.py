"""``jobplane migrate``: apply the PostgreSQL store's schema migrations.

Servers apply them at start by default; run this first when the database user
of the servers may not change the schema, or to see what is pending.
"""

from __future__ import annotations

import asyncio
import sys

import click


async def _run(url: str, dry_run: bool) -> list[str]:
    import asyncpg
    from jobplane.server.store.postgres import migrations

    target = migrations.Target.parse(url)
    conn = await asyncpg.connect(target.dsn)
    try:
        if dry_run:
            found = await migrations.pending(conn, target.schema)
        else:
            found = await migrations.apply(conn, target.schema)
    finally:
        await conn.close()
    return [f"{m.version:04d}_{m.name}" for m in found]


@click.command("migrate")
@click.option(
    "--db",
    envvar="JOBPLANE_DB",
    required=True,
    help="postgresql://USER@HOST:PORT/DB[?schema=NAME]",
)
@click.option("--dry-run", is_flag=True, help="List pending migrations; change nothing.")
def migrate(db: str, dry_run: bool) -> None:
    """Bring a PostgreSQL store's schema up to date (SQLite needs no migrations)."""
    if db.startswith("sqlite://"):
        click.echo("jobplane: SQLite stores create their schema themselves; nothing to do")
        return
    if not db.startswith(("postgresql://", "postgres://")):
        raise click.BadParameter("expected postgresql://…", param_hint="--db")
    try:
        names = asyncio.run(_run(db, dry_run))
    except (OSError, ValueError) as exc:
        click.echo(f"jobplane: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # asyncpg's errors: report, do not dump a traceback
        click.echo(f"jobplane: migration failed: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    verb = "pending" if dry_run else "applied"
    if not names:
        click.echo("jobplane: schema is up to date")
    for name in names:
        click.echo(f"{verb} {name}")
