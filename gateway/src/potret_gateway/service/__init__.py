"""The gateway's use cases between its routes and its adapters: calling the backends and
mapping their failures (`calls`), the refusals it answers with (`refusals`), the limits of an
OPD-bound caller that need the records (`access`) and the conversational ask (`ask`)."""
