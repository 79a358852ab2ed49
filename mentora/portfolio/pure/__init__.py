"""The portfolio's tables and chart on plain data (no Django)."""
