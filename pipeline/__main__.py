"""``python -m pipeline`` runs the nexus command line."""
from pipeline.cli import main

raise SystemExit(main())
