"""Command line: each command is a thin wrapper around a library function."""
