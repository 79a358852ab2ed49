class RelationshipRuleError(ValueError):
    """Facts that cannot describe a relationship; the message names the field and the value."""
