"""Pure profile logic: models, validation and errors. No I/O."""
