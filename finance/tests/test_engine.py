"""The roll-up engine on small BOMs whose costs are worked out by hand in the comments."""

from decimal import Decimal as D

import pytest

from finance.engine.costing import BomCycleError, BomLine, CostModel, MissingCostError, margin, scenario_costs

# FG  = 2 × SUB (scrap 10 %) + 1 × BOTTLE
# SUB = 0.5 × RESIN (scrap 4 %) + 3 × LABEL
# KIT = 1 × SUB + 1 × CAP (scrap 2 %);  TOP = 1 × KIT (scrap 5 %): three levels under TOP
BOMS = {
    "FG": [BomLine("SUB", D(2), D(10)), BomLine("BOTTLE", D(1))],
    "SUB": [BomLine("RESIN", D("0.5"), D(4)), BomLine("LABEL", D(3))],
    "KIT": [BomLine("SUB", D(1)), BomLine("CAP", D(1), D(2))],
    "TOP": [BomLine("KIT", D(1), D(5))],
}
COSTS = {"RESIN": D(10), "LABEL": D("0.1"), "BOTTLE": D("0.25"), "CAP": D("0.2"),
         "SUB": D(99), "FG": D(99)}  # the ERP's standard cost of made parts is ignored: they roll up


def test_two_levels_with_scrap_at_both():
    model = CostModel(BOMS, COSTS)
    # SUB = 10 × 0.5 × 1.04 + 0.1 × 3 = 5.2 + 0.3 = 5.5
    assert model.unit_cost("SUB") == D("5.5")
    # FG = 5.5 × 2 × 1.10 + 0.25 = 12.1 + 0.25 = 12.35
    assert model.unit_cost("FG") == D("12.35")


def test_three_levels():
    # KIT = 5.5 + 0.2 × 1.02 = 5.704;  TOP = 5.704 × 1.05 = 5.9892
    assert CostModel(BOMS, COSTS).unit_cost("TOP") == D("5.9892")


def test_structure_by_level_and_by_component_adds_up_to_the_unit_cost():
    structure = CostModel(BOMS, COSTS).structure("FG")
    # Level 1: the bottle, 0.25. Level 2 (inside SUB, 2 × 1.1 = 2.2 SUB per FG): resin 2.2 × 0.52 = 1.144 kg
    # → 11.44; labels 2.2 × 3 = 6.6 → 0.66.
    assert structure.by_level() == {1: D("0.25"), 2: D("12.10")}
    assert sum(structure.by_level().values()) == structure.unit_cost == D("12.35")
    assert structure.by_component() == [("RESIN", D("1.144"), D("11.44")), ("LABEL", D("6.6"), D("0.66")),
                                        ("BOTTLE", D(1), D("0.25"))]
    sub = structure.lines[0]
    assert (sub.level, sub.component, sub.made, sub.quantity, sub.unit_cost) == (1, "SUB", True, D("2.2"), D("5.5"))
    assert [line.level for line in structure.lines] == [1, 2, 2, 1]
    assert structure.lines[1].path == ("FG", "SUB")


def test_an_other_revision_is_costed_with_the_sub_assemblies_rolled_up():
    model = CostModel(BOMS, COSTS)
    revision_b = [BomLine("SUB", D(1)), BomLine("BOTTLE", D(2), D(50))]
    # 5.5 + 2 × 1.5 × 0.25 = 6.25
    assert model.cost_of_lines(revision_b, "FG") == D("6.25")


def test_a_cycle_is_reported_with_its_parts_in_order():
    boms = {"A": [BomLine("B", D(1))], "B": [BomLine("C", D(1))], "C": [BomLine("A", D(1)), BomLine("X", D(1))]}
    with pytest.raises(BomCycleError) as caught:
        CostModel(boms, {"X": D(1)}).unit_cost("A")
    assert caught.value.cycle == ["A", "B", "C", "A"]
    assert str(caught.value) == "BOM cycle: A -> B -> C -> A"
    with pytest.raises(BomCycleError, match="SELF -> SELF"):
        CostModel({"SELF": [BomLine("SELF", D(1))]}, {}).structure("SELF")


def test_an_unknown_component_is_named():
    with pytest.raises(MissingCostError, match="GHOST"):
        CostModel({"P": [BomLine("GHOST", D(1))]}, {}).unit_cost("P")


def test_a_scenario_changes_bought_parts_only_and_a_part_cost_wins_over_its_business_unit():
    units = {"RESIN": "Personal Care", "LABEL": "Personal Care", "BOTTLE": "Home Care"}
    costs = scenario_costs(COSTS, units, {"LABEL": D("0.2")}, {"Personal Care": D(12)})
    assert costs["RESIN"] == D("11.2") and costs["LABEL"] == D("0.2") and costs["BOTTLE"] == D("0.25")
    assert COSTS["RESIN"] == D(10), "the standard costs are not touched"
    # SUB = 11.2 × 0.52 + 0.2 × 3 = 6.424;  FG = 6.424 × 2.2 + 0.25 = 14.3828
    assert CostModel(BOMS, costs).unit_cost("FG") == D("14.3828")


def test_margin():
    assert margin(D(20), D("12.35")) == (D("7.65"), D("38.25"))
    assert margin(None, D(1)) == (None, None)
    assert margin(D(0), D(1)) == (D(-1), None)
