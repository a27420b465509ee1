"""Requests released at the same instant against a live server: the concurrency tests of every floor module."""

from __future__ import annotations

import threading

import requests


def post_all_at_once(url: str, token: str | list[str], bodies: list[dict], timeout: float = 60) -> list[int]:
    """POST every body from its own thread, all released together by a barrier; the HTTP statuses (any order).

    ``token`` is one API token for every body, or one per body (body i sent as the owner of token i)."""
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []
    tokens = token if isinstance(token, list) else [token] * len(bodies)

    def post(body: dict, token: str) -> None:
        session = requests.Session()
        barrier.wait()
        response = session.post(url, json=body, headers={"Authorization": f"Token {token}"}, timeout=timeout)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=(body, tokens[i])) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
