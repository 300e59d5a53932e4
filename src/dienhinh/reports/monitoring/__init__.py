"""Live monitoring of a plan's reports (issue 9 point 6): who may look at which unit
(``access``), the figures per child unit, shared field, emulation group and month, queried
live in a constant number of GROUP BYs whatever the tree's size (``board``), and the XLSX of
the same tables (``export``). Nothing is cached or rebuilt in batch: a submission shows on
the next request."""
