"""Carry who/where information of the current request to the audit trail."""

from . import audit


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        info = audit.request_info_from(request)
        request.request_id = info.request_id
        token = audit.set_request_info(info)
        try:
            response = self.get_response(request)
        finally:
            audit.reset_request_info(token)
        response.headers.setdefault("X-Request-ID", info.request_id)
        return response
