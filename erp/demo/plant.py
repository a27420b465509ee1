"""The demo plant layout: the facilities and lines the demo ERP refers to.

`erp_demo` writes these codes into the ERP views (facility, line_code), and the portal's own demo
(`portal_demo`) creates matching Facility rows (code = erp_code = ``DemoFacility.code``) and ProductionLine rows
(code = erp_line_code = ``DemoLine.code``), so ERP jobs land on portal lines. Plain constants, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoFacility:
    code: str  # portal Facility.code and Facility.erp_code
    name: str
    time_zone: str


@dataclass(frozen=True)
class DemoLine:
    facility_code: str
    code: str  # work-center code: portal ProductionLine.code and ProductionLine.erp_line_code
    name: str


FACILITIES: tuple[DemoFacility, ...] = (
    DemoFacility("CHI", "Chicago plant", "America/Chicago"),
    DemoFacility("MTY", "Monterrey plant", "America/Monterrey"),
    DemoFacility("ATL", "Atlanta plant", "America/New_York"),
)

LINES: tuple[DemoLine, ...] = (
    DemoLine("CHI", "CHI-L01", "Liquid filling 1"),
    DemoLine("CHI", "CHI-L02", "Liquid filling 2"),
    DemoLine("CHI", "CHI-L03", "Blister packaging"),
    DemoLine("CHI", "CHI-L04", "Cartoning"),
    DemoLine("CHI", "CHI-L05", "Kitting"),
    DemoLine("MTY", "MTY-L01", "Powder filling"),
    DemoLine("MTY", "MTY-L02", "Sachet packaging"),
    DemoLine("MTY", "MTY-L03", "Bottling"),
    DemoLine("MTY", "MTY-L04", "Shrink wrapping"),
    DemoLine("ATL", "ATL-L01", "Tube filling"),
    DemoLine("ATL", "ATL-L02", "Aerosol filling"),
    DemoLine("ATL", "ATL-L03", "Display assembly"),
)


def lines_of(facility_code: str) -> tuple[DemoLine, ...]:
    return tuple(line for line in LINES if line.facility_code == facility_code)
