"""Fail fast, in plain words, when the test suite's PostgreSQL or Redis cannot be reached."""

import os
import sys

import environ
import psycopg2
import redis


def check_postgres(url: str) -> str | None:
    config = environ.Env.db_url_config(url)
    try:
        psycopg2.connect(
            dbname="postgres",
            user=config["USER"],
            password=config["PASSWORD"],
            host=config["HOST"],
            port=config["PORT"] or 5432,
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL injoignable ({config['HOST']}:{config['PORT'] or 5432}): {exc}".strip()
    return None


def check_redis(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return f"Redis injoignable ({url}): {exc}"
    return None


def main() -> int:
    problems = [
        p
        for p in (
            check_postgres(os.environ["DATABASE_URL"]),
            check_redis(os.environ["CELERY_BROKER_URL"]),
        )
        if p
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("Les tests ont besoin de PostgreSQL et de Redis (README.md, « make test »).", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
