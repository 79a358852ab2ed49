"""The demo: the five programs of the seeds, with synthetic people and a year of activity.

Each part of the product adds one step to STEPS (in mentora/core/demo/build.py); a step receives
the shared DemoContext and may read what earlier steps made.
"""
