"""Inputs: files, folders, globs and zip archives expanded into source files, each sniffed for its format."""
