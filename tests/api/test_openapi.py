"""The OpenAPI document: every operation declares its security (token or session) and its
errors; the docs page keeps the site's Content-Security-Policy (tests/browser/test_api_docs.py
shows it works under it in a real browser)."""

from __future__ import annotations

import re

from django.test import Client

from mentora.api.api import api

OPERATIONS = 18


def test_every_operation_declares_its_security() -> None:
    document = api.get_openapi_schema()
    schemes = document["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["BrowserSession"]["in"] == "cookie"
    operations = [op for methods in document["paths"].values() for op in methods.values()]
    assert len(operations) == OPERATIONS
    for operation in operations:
        assert operation["security"] == [{"BearerToken": []}, {"BrowserSession": []}], operation
        assert {200, 401, 404, 422} <= set(operation["responses"])


def test_the_document_and_the_docs_page_are_served_under_the_policy(db: None) -> None:
    document = Client().get("/api/openapi.json")
    assert document.status_code == 200 and document.json()["info"]["title"] == "Mentora API"
    docs = Client().get("/api/docs")
    assert docs.status_code == 200
    policy = docs["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    html = docs.content.decode()
    # Every script and stylesheet comes from this site: no address names another host (a
    # random CSRF token may spell "cdn", so the test reads the addresses, not the page's text).
    addresses = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in addresses
    elsewhere = [a for a in addresses if not a.startswith("/") or a.startswith("//")]
    assert elsewhere == []
