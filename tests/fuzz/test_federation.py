"""Every API operation fuzzed as the federation's subtree administrator (bearer token)."""

from .fuzzing import SCHEMA


@SCHEMA.parametrize()
def test_api_as_federation_admin(case, fuzz):
    fuzz.run(case, "fed_admin")
