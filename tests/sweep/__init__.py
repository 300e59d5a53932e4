"""The sweep: every route and API operation that names an object, fetched and written as
every persona on objects of a branch that persona must not reach.

- routes.py: the routes, read from Django's URL resolver and the OpenAPI document, and the
  few hand-kept tables (parameters that name no object, public routes), each with its reason;
- world.py: the personas' tree with a second province, the objects of each branch, which
  branches each persona is swept against, and the totals each persona sees, written by hand;
- factories.py: route → the factory of its object in a branch, with a snapshot of its state;
- bodies.py: plausible form and JSON bodies for the writes;
- checks.py: what a refusal looks like, and the counters of the printed summary.

A new route with an object parameter makes test_coverage.py and the route's own cases fail
with the line to add to factories.py.
"""
