"""The audit trail: who wrote, read or exported which sensitive record, when and from where.

Written only through `mentora.audit.record` (inside the transaction of the write it audits),
never changed or deleted; read only by auditors on /audit/ (docs/security.md, "The audit trail").
"""
