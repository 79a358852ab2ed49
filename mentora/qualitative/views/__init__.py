"""The coding pages, one module per part: projects, coding and the codebook, agreement and
adjudication, Table 4. Each page's POST names what it does in `op`; the doors are in `actions`."""
