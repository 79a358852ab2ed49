"""How the site writes dates and times where a template gives no format of its own."""
