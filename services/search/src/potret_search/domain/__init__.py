"""Pure search logic: event → document mapping, query building. No I/O."""
