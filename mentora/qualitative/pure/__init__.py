"""The qualitative app's pure parts: plain Python and numbers, no Django."""
