"""Employment-plan pages of a person's record, included from people/urls.py under the person's address.

In their own module so people/urls.py needs no import of people.views.plans (other features add
their lines to that file in parallel).
"""

from django.urls import path

from .views import plans

urlpatterns = [
    path("", plans.employment_plan, name="employment_plan"),
    path("new/", plans.employment_plan_create, name="employment_plan_create"),
    path("<int:plan_pk>/agree/", plans.employment_plan_activate, name="employment_plan_activate"),
    path("<int:plan_pk>/review/", plans.employment_plan_review, name="employment_plan_review"),
    path("<int:plan_pk>/discard/", plans.employment_plan_discard, name="employment_plan_discard"),
    path("<int:plan_pk>/goals/new/", plans.plan_goal_create, name="plan_goal_create"),
    path("goals/<int:goal_pk>/edit/", plans.plan_goal_edit, name="plan_goal_edit"),
    path("goals/<int:goal_pk>/move/", plans.plan_goal_move, name="plan_goal_move"),
    path("goals/<int:goal_pk>/remove/", plans.plan_goal_remove, name="plan_goal_remove"),
    path("goals/<int:goal_pk>/steps/new/", plans.plan_step_create, name="plan_step_create"),
    path("steps/<int:step_pk>/edit/", plans.plan_step_edit, name="plan_step_edit"),
    path("steps/<int:step_pk>/done/", plans.plan_step_done, name="plan_step_done"),
    path("steps/<int:step_pk>/move/", plans.plan_step_move, name="plan_step_move"),
    path("steps/<int:step_pk>/remove/", plans.plan_step_remove, name="plan_step_remove"),
]
