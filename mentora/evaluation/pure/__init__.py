"""The report's pure cores that import no Django: the figures its Word download draws."""
