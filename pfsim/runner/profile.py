"""The runner profile: :class:`Runner` (a frozen dataclass), its validation and its TOML file.

Each field carries its unit, its TOML section (:data:`RUNNER_SECTIONS`), its default (cited, or
marked as an assumption) and its allowed range; :func:`load_runner` reads a TOML file and
:func:`runner_from_dict` a TOML-shaped dict, with errors that name the file, section and key.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from .._results import deprecated_alias
from ..examples import resolve as resolve_example
from ..io import read_toml, shorten, toml_value
from ._renamed import RENAMED, warn_renamed
from .mechanisms import preferred_step_rate_spm, static_q_angle_deg

__all__ = [
    "HIP_ABDUCTOR_STRENGTH_MIN_REL",
    "RUNNER_SECTIONS",
    "Runner",
    "load_runner",
    "runner_from_dict",
]


def _spec(section, default, doc, *, lo=None, hi=None, choices=None, kind=float):
    return field(
        default=default,
        metadata={
            "section": section,
            "doc": doc,
            "lo": lo,
            "hi": hi,
            "choices": choices,
            "kind": kind,
        },
    )


#: Lowest hip-abductor strength (current and habitual) a profile may have [-]. The hip-abductor
#: mechanism (:func:`pfsim.runner.hip_abductor_mechanism`, default assumptions) gives a peak hip
#: adduction of ``10.4° × demand_rel × step_rate_rel / strength``; at the fastest allowed speed,
#: 5.5 m/s, the demand is 1.451 × the reference, and a step rate 10 % or more below the preferred
#: one gives step_rate_rel = 1.214 (:func:`pfsim.runner.step_rate_hip_adduction_rel`, with the
#: contact time of :func:`pfsim.gait.springmass.contact_time_s`), so any strength below
#: ``10.4 × 1.451 × 1.214 / 30 = 0.610`` puts the peak beyond the 30° the joint model accepts
#: (:data:`pfsim.joint.frontal.FRONTAL_INPUT_LIMITS`), and :func:`pfsim.runner.simulate` would
#: refuse a profile that :class:`Runner` accepted (0.51 before step rate reached the hip, issue 12;
#: 0.63 while the duty factor was held). The other strengths keep the wider 0.3.
HIP_ABDUCTOR_STRENGTH_MIN_REL = 0.62


@dataclass(frozen=True)
class Runner:
    """A runner profile; the defaults are a healthy recreational runner (issue 4's reference runner).

    Every field carries its unit (``_rel``: relative to the healthy norm, 1 = norm). In TOML each field
    sits in the section named below (:data:`RUNNER_SECTIONS`); a field left out takes its default.

    Attributes
    ----------
    name : str
        [profile] Label (default "healthy reference").
    body_mass_kg, height_m : float
        [anthropometry] 70 kg, 1.75 m: the reference runner of the stance calibration
        (:data:`pfsim.gait.calibration.REFERENCE_SCENARIO`). Allowed 35-150 kg, 1.40-2.10 m.
    sex : {"unspecified", "female", "male"}
        [anthropometry] Sets the default Q-angle (:data:`Q_ANGLE_NORMS_DEG`); nothing else.
    q_angle_deg : float or None
        [alignment] Static Q-angle [deg]; None (omitted) = the norm for ``sex`` (Aglietti: men 14,
        women 17; unspecified 15.5). Allowed 5-30°.
    rearfoot_eversion_excess_deg : float
        [alignment] Peak rearfoot eversion (pronation) in stance beyond the healthy reference [deg].
        Default 0 by definition (the healthy reference runner, whose tibial rotation the stance
        model holds at its static posture). Allowed -10 to 15° (an assumption: wider than the
        coupling study's range).
    quadriceps_strength_rel, hip_abductor_strength_rel, hip_external_rotator_strength_rel : float
        [strength] Maximal strength relative to the healthy norm (1 = the norm, e.g. 0.75 = 25 %
        weaker; people with patellofemoral pain had 21-25 % lower isometric hip-abduction strength
        than controls, PMID 30471549 [abstract]). Default 1. Allowed 0.3-2.0 (an assumption, not a
        cited span: it covers the PFP deficit with a wide margin below and a doubling through
        training above); hip-abductor strength (current and habitual) 0.62-2.0
        (:data:`HIP_ABDUCTOR_STRENGTH_MIN_REL`: below it the hip-abductor mechanism gives a peak hip
        adduction beyond the 30° the joint model accepts at the fastest allowed speed).
    habitual_hip_abductor_strength_rel, habitual_hip_external_rotator_strength_rel : float or None
        [strength] The strength the running pattern was learned with; None (omitted) = the current
        strength. Kinematics follow it unless ``gait_retrained`` (Willy & Davis 2011).
    habitual_quadriceps_strength_rel : float or None
        [strength] The same for the quadriceps (knee flexion under load,
        :func:`pfsim.runner.quadriceps_mechanism`); None = the current strength. Allowed 0.3-2.0 (an
        assumption, as for the other strengths).
    vmo_activation : float
        [neuromuscular] VMO activation relative to normal (1 = normal, 0 = silent). Default 1 by
        definition: the normal knee the frontal model is calibrated on (Huberti & Hayes 1984,
        ``REFERENCES.md`` §2). Allowed 0-2 (an assumption: 0 = silent, 2 = twice the normal share;
        no cited span).
    lateral_retinaculum_N : float
        [lateral] Extra lateral retinaculum / iliotibial-band tension on the patella [N] beyond the
        normal knee (the joint model's ``lateral_retinaculum_N``). Default 0 (normal). Allowed
        0-200 N (cadaver ITB tensions 0-90 N; the ITB-patellar band fails near 580 N;
        ``REFERENCES.md`` §2b). Its old name ``lateral_tightness_N`` (attribute, keyword argument,
        TOML key) still works, with a DeprecationWarning.
    speed_m_s : float
        [running] Easy running speed [m/s], default 3.0 (reference runner). Allowed 2.3-5.5 m/s
        (the contact-time relation's data, 8-20 km/h).
    step_rate_spm : float or None
        [running] Step rate at ``speed_m_s`` [steps/min]; None (omitted) = the preferred rate of van
        Oeveren 2019, 2 × (75.01 + 3.006 v) = 168 at 3.0 m/s. Allowed 130-220 (an assumption: the
        preferred rates over the speed range, 164-183, ± about 20 %, twice the ± 10 % step-rate
        manipulations of Heiderscheit et al. 2011).
    foot_strike : {"rearfoot"}
        [running] Only rear-foot striking is supported: the stance model is calibrated on
        rear-foot-striker baselines.
    gait_retrained : bool
        [running] Whether the running pattern has been retrained to use the current strength.
        Default false.
    weekly_distance_km : float
        [training] Habitual weekly distance [km], default 25 (assumption: a recreational runner;
        allowed 0-250). It sets the starting capacity in :mod:`pfsim.training`.
    hill_share, speed_work_share : float
        [training] Share of the weekly distance on hills and as speed work [-], defaults 0 and 0
        (assumption: easy flat running); each 0-1, together at most 1.
    """

    name: str = _spec("profile", "healthy reference", "label", kind=str)
    body_mass_kg: float = _spec("anthropometry", 70.0, "body mass [kg]", lo=35.0, hi=150.0)
    height_m: float = _spec("anthropometry", 1.75, "height [m]", lo=1.40, hi=2.10)
    sex: str = _spec(
        "anthropometry", "unspecified", "sex", choices=("unspecified", "female", "male"), kind=str
    )
    q_angle_deg: float | None = _spec("alignment", None, "static Q-angle [deg]", lo=5.0, hi=30.0)
    rearfoot_eversion_excess_deg: float = _spec(
        "alignment", 0.0, "rearfoot eversion beyond the reference [deg]", lo=-10.0, hi=15.0
    )
    quadriceps_strength_rel: float = _spec(
        "strength", 1.0, "relative to the healthy norm", lo=0.3, hi=2.0
    )
    hip_abductor_strength_rel: float = _spec(
        "strength",
        1.0,
        "relative to the healthy norm",
        lo=HIP_ABDUCTOR_STRENGTH_MIN_REL,
        hi=2.0,
    )
    hip_external_rotator_strength_rel: float = _spec(
        "strength", 1.0, "relative to the healthy norm", lo=0.3, hi=2.0
    )
    habitual_hip_abductor_strength_rel: float | None = _spec(
        "strength",
        None,
        "strength the running pattern was learned with",
        lo=HIP_ABDUCTOR_STRENGTH_MIN_REL,
        hi=2.0,
    )
    habitual_hip_external_rotator_strength_rel: float | None = _spec(
        "strength", None, "strength the running pattern was learned with", lo=0.3, hi=2.0
    )
    habitual_quadriceps_strength_rel: float | None = _spec(
        "strength", None, "strength the running pattern was learned with", lo=0.3, hi=2.0
    )
    vmo_activation: float = _spec("neuromuscular", 1.0, "1 = normal", lo=0.0, hi=2.0)
    lateral_retinaculum_N: float = _spec(
        "lateral", 0.0, "extra lateral tension [N]", lo=0.0, hi=200.0
    )
    speed_m_s: float = _spec("running", 3.0, "easy speed [m/s]", lo=2.3, hi=5.5)
    step_rate_spm: float | None = _spec(
        "running", None, "step rate [steps/min]", lo=130.0, hi=220.0
    )
    foot_strike: str = _spec("running", "rearfoot", "foot strike", choices=("rearfoot",), kind=str)
    gait_retrained: bool = _spec("running", False, "true or false", kind=bool)
    weekly_distance_km: float = _spec("training", 25.0, "weekly distance [km]", lo=0.0, hi=250.0)
    hill_share: float = _spec("training", 0.0, "share of distance on hills", lo=0.0, hi=1.0)
    speed_work_share: float = _spec(
        "training", 0.0, "share of distance as speed work", lo=0.0, hi=1.0
    )

    def __post_init__(self):
        for f in fields(self):
            _check_field(f, getattr(self, f.name))
        if self.hill_share + self.speed_work_share > 1.0 + 1e-12:
            raise ValueError(
                f"[training] hill_share + speed_work_share must be at most 1 (got "
                f"{self.hill_share:g} + {self.speed_work_share:g})."
            )

    @property
    def lateral_tightness_N(self) -> float:
        """Deprecated name of :attr:`lateral_retinaculum_N` (a DeprecationWarning)."""
        warn_renamed("lateral_tightness_N", "Runner")
        return self.lateral_retinaculum_N

    # resolved values -----------------------------------------------------------------------------
    @property
    def resolved_q_angle_deg(self) -> float:
        """The static Q-angle [deg]: the profile's, or the sex-specific default."""
        return static_q_angle_deg(self.sex, self.q_angle_deg)

    @property
    def resolved_step_rate_spm(self) -> float:
        """The step rate [steps/min]: the profile's, or the preferred rate at its speed."""
        if self.step_rate_spm is None:
            return float(preferred_step_rate_spm(self.speed_m_s))
        return float(self.step_rate_spm)

    def as_dict(self) -> dict:
        """Deprecated: use :meth:`to_dict`."""
        deprecated_alias("Runner", "as_dict()", "to_dict()")
        return self.to_dict()

    def to_dict(self) -> dict:
        """Field → value, omitting the fields left at None (TOML-ready per section via ``to_toml``)."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }

    def to_toml(self) -> str:
        """The profile as TOML text (sections of :data:`RUNNER_SECTIONS`); loads back identically."""
        lines = []
        for section, names in RUNNER_SECTIONS.items():
            items = [(n, getattr(self, n)) for n in names if getattr(self, n) is not None]
            if not items:
                continue
            lines.append(f"[{section}]")
            for n, v in items:
                text = toml_value(v if isinstance(v, bool | str) else float(v))
                lines.append(f"{n} = {text}")
            lines.append("")
        return "\n".join(lines)


_dataclass_init = Runner.__init__


@functools.wraps(_dataclass_init)
def _init_accepting_old_names(self, *args, **kwargs):
    # Runner(lateral_tightness_N=...) and dataclasses.replace(r, lateral_tightness_N=...): the old
    # keyword sets the renamed field (replace() also passes the field's current value, which the
    # old keyword overrides).
    for old, new in RENAMED.items():
        if old in kwargs:
            warn_renamed(old, "Runner")
            kwargs[new] = kwargs.pop(old)
    _dataclass_init(self, *args, **kwargs)


Runner.__init__ = _init_accepting_old_names

#: Section → field names of a runner TOML file.
RUNNER_SECTIONS: dict[str, tuple[str, ...]] = {}
for _f in fields(Runner):
    RUNNER_SECTIONS.setdefault(_f.metadata["section"], ())
    RUNNER_SECTIONS[_f.metadata["section"]] += (_f.name,)
del _f


def _allowed(f) -> str:
    m = f.metadata
    if m["choices"] is not None:
        return "one of " + ", ".join(f'"{c}"' for c in m["choices"])
    if m["kind"] is bool:
        return "true or false"
    if m["kind"] is str:
        return "a string"
    opt = " (or omit it for the default)" if f.default is None else ""
    return f"a number from {m['lo']:g} to {m['hi']:g}{opt}; {m['doc']}"


def _check_field(f, value) -> None:
    m = f.metadata
    where = f"[{m['section']}] {f.name}"
    if value is None and f.default is None:
        return
    if m["kind"] is bool:
        if not isinstance(value, bool | np.bool_):
            quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
            hint = f" (write {f.name} = {value.strip().lower()}, without quotes)" if quoted else ""
            raise ValueError(
                f"{where} = {shorten(value)}: wrong type; allowed: true or false{hint}."
            )
        return
    if m["kind"] is str:
        if not isinstance(value, str):
            raise ValueError(f"{where} = {shorten(value)}: wrong type; allowed: {_allowed(f)}.")
        if m["choices"] is not None and value not in m["choices"]:
            raise ValueError(f"{where} = {shorten(value)} is not allowed; allowed: {_allowed(f)}.")
        return
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise ValueError(f"{where} = {shorten(value)}: wrong type; allowed: {_allowed(f)}.")
    try:
        x = float(value)
    except OverflowError:  # an integer beyond the float range
        x = math.inf
    if not math.isfinite(x) or not m["lo"] <= x <= m["hi"]:
        text = repr(value) if math.isfinite(x) else shorten(value)
        raise ValueError(f"{where} = {text} is out of range; allowed: {_allowed(f)}.")


def runner_from_dict(data: dict, source: str = "runner profile") -> Runner:
    """A :class:`Runner` from a TOML-shaped dict (``{section: {key: value}}``).

    Raises ValueError naming ``source``, the section and key, and the allowed values, for an unknown
    section or key, a wrong type or an out-of-range value.
    """
    kwargs = {}
    by_name = {f.name: f for f in fields(Runner)}
    for section, table in data.items():
        if not isinstance(table, dict) and section not in RUNNER_SECTIONS:
            home = next((s for s, ns in RUNNER_SECTIONS.items() if section in ns), None)
            hint = (
                f"; put it under [{home}]"
                if home
                else f"; allowed keys sit in the sections {', '.join(f'[{s}]' for s in RUNNER_SECTIONS)}"
            )
            raise ValueError(
                f"{source}: top-level key {shorten(section)} = {shorten(table)} outside any "
                f"section{hint} "
                "(see pfsim.runner.Runner for the keys of each section)."
            )
        if section not in RUNNER_SECTIONS:
            raise ValueError(
                f"{source}: unknown section [{section if len(section) <= 60 else shorten(section)}]; "
                "allowed sections: " + ", ".join(f"[{s}]" for s in RUNNER_SECTIONS) + "."
            )
        if not isinstance(table, dict):
            raise ValueError(
                f"{source}: [{section}] must be a table of keys (got {shorten(table)}); "
                f"allowed keys: {', '.join(RUNNER_SECTIONS[section])}."
            )
        for key, value in table.items():
            if key in RENAMED:
                if RENAMED[key] in table:
                    raise ValueError(
                        f"{source}: [{section}] gives both {key} and {RENAMED[key]} (the same "
                        f"quantity); keep {RENAMED[key]} only ({key} is its deprecated name)."
                    )
                warn_renamed(key, f"{source}: [{section}]")
                key = RENAMED[key]
            if key not in RUNNER_SECTIONS[section]:
                home = next((s for s, ns in RUNNER_SECTIONS.items() if key in ns), None)
                hint = f" ({key} belongs in [{home}])" if home else ""
                raise ValueError(
                    f"{source}: unknown key {shorten(key)} in [{section}]{hint}; allowed keys in "
                    f"[{section}]: {', '.join(RUNNER_SECTIONS[section])}."
                )
            try:
                _check_field(by_name[key], value)
            except ValueError as exc:
                raise ValueError(f"{source}: {exc}") from None
            kwargs[key] = float(value) if by_name[key].metadata["kind"] is float else value
    try:
        return Runner(**kwargs)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from None


def load_runner(path) -> Runner:
    """Read a runner profile from a TOML file (see :class:`Runner` for sections, keys and ranges).

    ``path`` is a file's path or the name of a bundled profile (:mod:`pfsim.examples`: ``healthy``,
    ``hip_driven``, ``load_driven``; ``pfsim examples`` lists them).

    Examples
    --------
    >>> load_runner("hip_driven").hip_abductor_strength_rel
    0.75
    """
    path = Path(resolve_example("runners", path))
    data = read_toml(path, what="runner file")
    return runner_from_dict(data, str(path))
