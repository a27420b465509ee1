"""Models of the Quality module (issue 12)."""

from .config import DefectCode, EscalationStep
from .ncr import Capa, Ncr
from .rejects import InternalReject
from .returns import CustomerReturn, ReturnPhoto
from .tickets import SopTicket

__all__ = ["Capa", "CustomerReturn", "DefectCode", "EscalationStep", "InternalReject", "Ncr", "ReturnPhoto",
           "SopTicket"]
