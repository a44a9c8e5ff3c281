"""Local authorities, clusters and their schools: who belongs where."""
