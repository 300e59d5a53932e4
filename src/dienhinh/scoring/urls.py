"""Routes of the scoring pages. Views live in scoring/views/, one module per concern."""

from django.urls import path

from dienhinh.scoring.views import results, rubric, unit

app_name = "scoring"

urlpatterns = [
    path("plans/<int:plan_id>/", results.plan_scores, name="plan"),
    path("plans/<int:plan_id>/finalise/", results.finalise, name="finalise"),
    path("plans/<int:plan_id>/reopen/", results.reopen, name="reopen"),
    path("plans/<int:plan_id>/rubric/", rubric.rubric_page, name="rubric"),
    path("plans/<int:plan_id>/rubric/items/", rubric.item_add, name="item_add"),
    path("plans/<int:plan_id>/rubric/settings/", rubric.settings, name="settings"),
    path("plans/<int:plan_id>/rubric/scheme/", rubric.scheme, name="scheme"),
    path("plans/<int:plan_id>/rubric/copy/", rubric.copy, name="copy"),
    path("items/<int:item_id>/", rubric.item_edit, name="item_edit"),
    path("items/<int:item_id>/delete/", rubric.item_delete, name="item_delete"),
    path("items/<int:item_id>/move/", rubric.item_move, name="item_move"),
    path("plans/<int:plan_id>/units/<int:unit_id>/", unit.unit_page, name="unit"),
    path("plans/<int:plan_id>/units/<int:unit_id>/self/", unit.unit_self, name="unit_self"),
    path(
        "plans/<int:plan_id>/units/<int:unit_id>/official/",
        unit.unit_official,
        name="unit_official",
    ),
    path(
        "plans/<int:plan_id>/units/<int:unit_id>/items/<int:item_id>/",
        unit.records,
        name="records",
    ),
    path("versions/<int:pk>/", results.version, name="version"),
    path("evidence/<int:pk>/", unit.evidence, name="evidence"),
]
