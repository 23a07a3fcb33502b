"""Test support shared by the test tiers; never part of a deployed image."""
