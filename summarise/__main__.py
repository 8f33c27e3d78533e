"""__main__: ``python -m summarise`` runs the command."""

from summarise.cli import app

app()
