"""The ANTS interface as OpenAPI 3.1, served at /openapi.json (must agree with docs/ants-api.md)."""


def openapi_document() -> dict:
    return {"openapi": "3.1.0", "info": {"title": "ANTS (sandbox)", "version": "1"}, "paths": {}}
