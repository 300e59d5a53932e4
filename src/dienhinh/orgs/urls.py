from django.urls import path

from dienhinh.orgs.views import groups, tree, units

app_name = "orgs"

urlpatterns = [
    path("", tree.unit_tree, name="tree"),
    path("<int:pk>/", units.unit_detail, name="detail"),
    path("<int:pk>/children/", tree.unit_children, name="children"),
    path("<int:pk>/add/", units.unit_add, name="add"),
    path("<int:pk>/edit/", units.unit_edit, name="edit"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/add/", groups.group_add, name="group_add"),
    path("groups/copy/", groups.groups_copy, name="groups_copy"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/delete/", groups.group_delete, name="group_delete"),
]
