"""Pages of job planning."""

from django.urls import path

from .views import capacity, dashboard, exceptions, from_erp, gantt, operator, orders, utilization

app_name = "planning"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("orders/", orders.OrderListView.as_view(), name="orders"),
    path("orders/new/", orders.new_order, name="order-new"),
    path("orders/from-erp/", from_erp.plan_from_erp, name="order-from-erp"),
    path("orders/import/", orders.OrderImportView.as_view(), name="order-import"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/schedule/", orders.schedule, name="order-schedule"),
    path("orders/<int:pk>/workflow/<slug:action>/", orders.OrderWorkflowView.as_view(), name="order-workflow"),
    path("timeline/", gantt.timeline, name="gantt"),
    path("stages/<int:pk>/move/", gantt.move, name="move"),
    path("stages/<int:pk>/assign/", orders.assign, name="assign"),
    path("my/", operator.my_operations_page, name="my-operations"),
    path("my/<int:pk>/", operator.operation_page, name="my-operation"),
    path("my/<int:pk>/<slug:action>/", operator.act, name="my-operation-act"),
    path("utilization/", utilization.utilization_view, name="utilization"),
    path("capacity/", capacity.CapacityTargetListView.as_view(), name="capacity"),
    path("capacity/import/", capacity.CapacityTargetImportView.as_view(), name="capacity-import"),
    path("exceptions/", exceptions.ExceptionListView.as_view(), name="exceptions"),
    path("exceptions/<int:pk>/", exceptions.exception_detail, name="exception"),
    path("exceptions/<int:pk>/assign/", exceptions.exception_assign, name="exception-assign"),
    path("exceptions/<int:pk>/workflow/<slug:action>/", exceptions.ExceptionWorkflowView.as_view(),
         name="exception-workflow"),
]
