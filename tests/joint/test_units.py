"""Public names carry their unit (DESIGN.md conventions)."""

from dataclasses import fields

from pfsim.joint.model import FrontalState, JointLoad

UNIT_SUFFIXES = (
    "_deg",
    "_N",
    "_Nm",
    "_mm",
    "_mm2",
    "_MPa",
    "_bw",
    "_m",
    "_s",
    "_kg",
    "_Nm_kg",
)
DIMENSIONLESS = {"k_ratio", "model", "area_fit", "medial_unloaded", "off_groove"}
NESTED = {"frontal_state", "geometry"}  # a nested result and a parameter set, not quantities


def test_joint_load_fields_have_units():
    for cls in (JointLoad, FrontalState):
        for f in fields(cls):
            assert f.name in DIMENSIONLESS | NESTED or f.name.endswith(UNIT_SUFFIXES), f.name
