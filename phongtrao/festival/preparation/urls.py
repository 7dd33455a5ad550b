"""Site preparation: the board, a site's checklist, registering a site, the campaign's programme."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("<int:year>/sites/", views.board, name="board"),
    path("<int:year>/sites/province/<int:area_id>/", views.board_province, name="board_province"),
    path("<int:year>/sites/board.xlsx", views.board_xlsx, name="board_xlsx"),
    path("<int:year>/sites/new/", views.site_create, name="site_create"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/steps/new/", views.task_add, name="task_add"),
    path("sites/steps/<int:pk>/toggle/", views.task_toggle, name="task_toggle"),
    path("sites/steps/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("sites/steps/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("<int:year>/programme/", views.programme, name="programme"),
    path("<int:year>/programme/new/", views.programme_step_add, name="programme_step_add"),
    path("<int:year>/programme/<int:pk>/edit/", views.programme_step_edit, name="programme_step_edit"),
    path("<int:year>/programme/<int:pk>/move/", views.programme_step_move, name="programme_step_move"),
    path("<int:year>/programme/<int:pk>/delete/", views.programme_step_delete, name="programme_step_delete"),
]
