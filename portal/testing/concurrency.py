"""Requests released at the same instant against a live server: the concurrency tests of every floor module."""

from __future__ import annotations

import threading

import requests


def send_all_at_once(url: str, sends: list[tuple[str, dict]], timeout: float = 60) -> list[tuple[str, int, dict]]:
    """POST each (API token, body) from its own thread, all released together by a barrier.

    Returns (token, status, JSON body) of each answer, in the order they came back: a test can tell each
    writer's answers apart (the same key from several operators at once)."""
    barrier = threading.Barrier(len(sends))
    answers: list[tuple[str, int, dict]] = []

    def post(token: str, body: dict) -> None:
        session = requests.Session()
        barrier.wait()
        response = session.post(url, json=body, headers={"Authorization": f"Token {token}"}, timeout=timeout)
        try:
            content = response.json()
        except ValueError:
            content = {}
        answers.append((token, response.status_code, content))

    threads = [threading.Thread(target=post, args=send) for send in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def post_all_at_once(url: str, token: str | list[str], bodies: list[dict], timeout: float = 60) -> list[int]:
    """POST every body at once (see ``send_all_at_once``); the HTTP statuses (any order).

    ``token`` is one API token for every body, or one per body (body i sent as the owner of token i)."""
    tokens = token if isinstance(token, list) else [token] * len(bodies)
    return [status for _, status, _ in send_all_at_once(url, list(zip(tokens, bodies, strict=True)), timeout)]
