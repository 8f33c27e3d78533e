from summarise.cli import app

app()
