"""Tanya Potret's engine: a question in Bahasa Indonesia read into a structured interpretation.

Pure logic, no I/O: `parser.interpret` reads the intent and filters, `positions.resolve`
names the catalogue post the words mean. The gateway's ask endpoint runs the structured tools
(search, ranking, profiles) with the result, so a name can only come from the records.
"""
