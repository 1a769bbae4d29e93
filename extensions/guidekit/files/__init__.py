"""Project I/O: running conf.py, writing generated pages and schemas, publishing
output and managing child processes. The model (guidekit.model) stays pure: it
parses and checks text and data; this layer reads and writes the project."""
