"""Tanya Potret's engine: a question in Bahasa Indonesia read into a checkable reading.

Pure logic, no I/O: `reader.read` gives the intent, every filter and the OPDs, posts and
people named, resolved against a `directory.Directory` the caller builds from the records;
`positions.resolve` names the catalogue post words mean; `interpretation` is what the ranking
tools are asked; `answers` writes every answer from what the tools returned (`results`). The
gateway's ask endpoint runs the structured tools (search, ranking, profiles) with it, so a
name can only come from the records.
"""
