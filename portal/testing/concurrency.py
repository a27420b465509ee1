"""Requests released at the same instant against a live server: the concurrency tests of every floor module."""

from __future__ import annotations

import threading

import requests


def post_all_at_once(url: str, token: str, bodies: list[dict], timeout: float = 60) -> list[int]:
    """POST every body from its own thread, all released together by a barrier; the HTTP statuses (any order)."""
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []

    def post(body: dict) -> None:
        session = requests.Session()
        barrier.wait()
        response = session.post(url, json=body, headers={"Authorization": f"Token {token}"}, timeout=timeout)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
