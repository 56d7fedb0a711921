"""nexus: mine policy reports for migration–SDG links."""
