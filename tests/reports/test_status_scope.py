"""plan_status for many given units reads the reports under their common ancestor only
(a province's summary of a national plan), and still finds each unit's report."""

from types import SimpleNamespace

from dienhinh.reports.status import _common_path


def test_the_common_ancestor_of_many_units():
    units = [SimpleNamespace(path=p) for p in ("00010002", "000100020005", "00010002000A0001")]
    assert _common_path(units) == "00010002"
    assert _common_path([SimpleNamespace(path="0001"), SimpleNamespace(path="0002")]) == ""
    # Paths that share characters inside a step share no step.
    assert (
        _common_path([SimpleNamespace(path="00010011"), SimpleNamespace(path="00010012")]) == "0001"
    )
