"""One workflow mechanism for every module's records that move through states (docs/workflow.md).

    from portal.workflow import Workflow, Transition, WorkflowMixin, apply_transition, available_transitions
"""

from .definition import Audience, EscalationLevel, EscalationRule, Transition, Workflow, wall_clock
from .mixins import WorkflowMixin
from .services import (
    TransitionNeedsConfirmation,
    TransitionRefused,
    add_comment,
    apply_transition,
    available_transitions,
)

__all__ = [
    "Audience",
    "EscalationLevel",
    "EscalationRule",
    "Transition",
    "TransitionNeedsConfirmation",
    "TransitionRefused",
    "Workflow",
    "WorkflowMixin",
    "add_comment",
    "apply_transition",
    "available_transitions",
    "wall_clock",
]
