"""Pure ranking logic: the read model and the scoring rules. No I/O."""
