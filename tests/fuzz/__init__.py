"""The whole API fuzzed by schemathesis from its OpenAPI document (issue 11, points 5 and 13).

Each operation is one test item per persona; each generated example runs in a savepoint of
the module's world and is rolled back. See tests/fuzz/fuzzing.py.
"""
