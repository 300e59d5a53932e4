"""Routes of the movement and plan pages. Views live in plans/views/, one module per concern."""

from django.urls import path

from dienhinh.plans.views import detail, movements, plans

app_name = "plans"

urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("new/", plans.plan_create, name="create"),
    path("<int:pk>/", detail.plan_detail, name="detail"),
    path("<int:pk>/edit/", plans.plan_edit, name="edit"),
    path("<int:pk>/issue/", detail.plan_issue, name="issue"),
    path("<int:pk>/close/", detail.plan_close, name="close"),
    path("<int:pk>/copy/", detail.plan_copy, name="copy"),
    path("movements/", movements.movement_list, name="movement_list"),
    path("movements/new/", movements.movement_create, name="movement_create"),
    path("movements/<int:pk>/edit/", movements.movement_edit, name="movement_edit"),
]
