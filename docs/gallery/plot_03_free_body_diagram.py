"""
A frontal free-body diagram for a chosen knee
=============================================

The frontal model puts the patella on the two facets of the trochlear groove. The quadriceps heads,
the patellar ligament (its line set by the Q-angle, hip adduction and the rotations of femur and
tibia), the lateral retinaculum and the MPFL push it sideways; it shifts and tilts until the facet
contact forces balance them. The figure draws the state the model computed, to scale.

Change the knee below: a larger Q-angle and more hip adduction (a weak hip abductor's running
pattern) load the lateral facet; a weak VMO (``vmo_activation < 1``) removes part of the medial
pull.
"""

import pfsim
from pfsim.plotting import plot_frontal_free_body

load = pfsim.patellofemoral_load(
    30.0,  # knee flexion [deg]
    quad_force_N=2500.0,  # the default contact area, kernozek2015 (data 0-90 deg)
    q_angle_deg=20.0,
    hip_adduction_deg=10.0,
    vmo_activation=0.7,
    frontal=True,
)
ax = plot_frontal_free_body(load)

# %%
# The numbers drawn:
print(f"lateral facet stress {load.lateral_facet_stress_MPa:.2f} MPa")
print(f"medial facet stress  {load.medial_facet_stress_MPa:.2f} MPa")
print(f"lateral shift        {load.lateral_shift_mm:.2f} mm, tilt {load.lateral_tilt_deg:.2f} deg")
