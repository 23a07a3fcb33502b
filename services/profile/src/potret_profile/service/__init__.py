"""Use cases of the profile service, between the entry points and the adapters.

- `records`: create, change, merge and read profiles and positions, each change stored
  with its event in one transaction (the outbox);
- `corrections`: an ASN's proposed correction of their own record and its decision;
- `imports/`: bulk import (SIASN-shaped JSON, CSV, native records), one validation path;
- `quality_book`, `duplicate_book`: the data-quality and likely-duplicates reports, kept
  current in the background (`potret_events.worker.Periodic`) instead of computed per
  request.
"""
