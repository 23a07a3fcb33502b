"""The gateway's use cases between its routes and its adapters: the conversational ask
(`ask`), the shortlists (`shortlists`), who the people of an answer are (`people`), calling
the backends and mapping their failures (`calls`), the refusals it answers with
(`refusals`) and the limits of an OPD-bound caller that need the records (`access`)."""
