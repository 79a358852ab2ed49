"""Mini-CEX domains and bands, and procedure names, on plain data (no Django)."""
