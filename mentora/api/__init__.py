"""The JSON API (django-ninja) with its OpenAPI document, and the tokens scripts sign in with."""
