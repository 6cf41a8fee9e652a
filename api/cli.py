"""Command line for operators: `python -m api.cli create-clinician --login L --password P [--name N]`.

Creating an account that exists resets its password (and name if given) and revokes the
tokens issued before. Without --password, the password is asked for on the terminal so it
does not end up in the shell history.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from redis.exceptions import RedisError

from api import clinicians
from api.redis_setup import redis_clients
from api.settings import Settings


async def _create(settings: Settings, login: str, password: str, name: str | None) -> clinicians.Clinician:
    redis, _ = redis_clients(settings)
    try:
        return await clinicians.create_or_reset(redis, login, password, name)
    finally:
        await redis.aclose()


async def _delete(settings: Settings, login: str) -> bool:
    redis, _ = redis_clients(settings)
    try:
        return await clinicians.delete(redis, login)
    finally:
        await redis.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.cli", description="Administration de la passerelle.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser(
        "create-clinician", help="Crée un compte soignant, ou réinitialise son mot de passe."
    )
    create.add_argument("--login", required=True)
    create.add_argument("--password", help="Demandé sur le terminal s'il est omis.")
    create.add_argument("--name", help="Nom affiché au patient, par ex. « Dr Martin » ou « Infirmier Paul ».")
    remove = commands.add_parser(
        "delete-clinician", help="Supprime un compte soignant (ses jetons ne valent plus rien)."
    )
    remove.add_argument("--login", required=True)
    args = parser.parse_args(argv)
    settings = Settings()

    try:
        if args.command == "create-clinician":
            password = args.password or getpass.getpass("Mot de passe : ")
            account = asyncio.run(_create(settings, args.login, password, args.name))
            print(f"Compte soignant « {account.login} » prêt ({account.display_name}).")
            return 0
        if args.command == "delete-clinician":
            found = asyncio.run(_delete(settings, args.login))
            print("Compte supprimé." if found else "Aucun compte à ce nom.")
            return 0 if found else 1
    except clinicians.InvalidAccount as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except (OSError, RedisError) as exc:
        where = (
            f"via les sentinelles {settings.redis_sentinels}"
            if settings.redis_sentinels
            else f"à {settings.redis_url}"
        )
        print(
            f"Erreur : Redis injoignable {where} ({exc}). Lancez `make run` ou réglez REDIS_URL.",
            file=sys.stderr,
        )
        return 3
    return 1


if __name__ == "__main__":
    sys.exit(main())
