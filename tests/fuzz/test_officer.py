"""Every API operation fuzzed as a grassroots officer (officer A, bearer token)."""

from .fuzzing import SCHEMA


@SCHEMA.parametrize()
def test_api_as_officer(case, fuzz):
    fuzz.run(case, "officer_a")
