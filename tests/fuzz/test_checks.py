"""The fuzzing run's own checks can fail: a text that skipped the cleaning step is found in
the tables the request wrote, and an answer outside the error shape is named."""

from django.db import connection

from dienhinh.orgs.models import OrgUnit

from .fuzzing import WrittenTables, error_shape_problem, stored_unsafe_text


class _Answer:
    def __init__(self, status_code, body):
        self.status_code, self._body, self.content = status_code, body, b"<html>"

    def json(self):
        if self._body is None:
            raise ValueError("not JSON")
        return self._body


def test_a_stored_override_in_a_written_table_is_found(world):
    unit = world.unit_a
    written = WrittenTables()
    with connection.execute_wrapper(written):
        # Straight to the database, past clean_text: what a forgotten cleaning step would do.
        OrgUnit.objects.filter(pk=unit.pk).update(short_name="gpj\u202eexe")
    assert OrgUnit._meta.db_table in written.tables
    found = stored_unsafe_text(written.tables)
    assert found == [f"OrgUnit.short_name #{unit.pk}: 'gpj\\u202eexe'"]
    assert stored_unsafe_text({"no_such_table"}) == []


def test_an_answer_outside_the_error_shape_is_named():
    shaped = {"error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "details": []}}
    assert error_shape_problem(_Answer(422, shaped)) is None
    assert error_shape_problem(_Answer(200, {"anything": 1})) is None
    assert "not JSON" in error_shape_problem(_Answer(400, None))
    assert "error shape" in error_shape_problem(_Answer(404, {"detail": "Not Found"}))
    missing = {"error": {"code": "invalid", "message": ""}}
    assert "error shape" in error_shape_problem(_Answer(422, missing))
