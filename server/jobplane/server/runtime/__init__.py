"""The runtime: claiming jobs, running attempts, handler context and registry, maintenance."""
