"""Refusals the server gives: an HTTP status, a stable code and a message in English and Chinese."""

from __future__ import annotations


class ServerError(Exception):
    def __init__(self, status: int, code: str, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.message_zh = message_zh


def bad_input(message: str, message_zh: str, code: str = "invalid_input") -> ServerError:
    return ServerError(400, code, message, message_zh)


def unauthorised(
    message: str = "a valid terminal token is required", message_zh: str = "需要有效的终端令牌"
) -> ServerError:
    return ServerError(401, "unauthorised", message, message_zh)


def not_found(what: str, what_zh: str, key: str) -> ServerError:
    return ServerError(404, "not_found", f"{what} not found: {key}", f"未找到{what_zh}：{key}")
