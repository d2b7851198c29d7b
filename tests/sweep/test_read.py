"""SweepResult.read: a saved sweep (CSV + sidecar) becomes a result again, or one error naming the fix."""

import json

import numpy as np
import pytest

from pfsim.sweep import (
    Input,
    Problem,
    SweepResult,
    design_from_arrays,
    grid_design,
    lhs_design,
    oat_design,
    run_sweep,
    saltelli_design,
    sobol_analysis,
    sobol_design,
    sobol_indices_from,
)
from pfsim.sweep.functions import ishigami, ishigami_problem

PROBLEM = Problem(
    [
        Input("a_m", unit="m", bounds=(0.0, 2.0), num=3),
        Input("b", levels=[1.0, 2.0, 5.0]),
        Input("c_kg", unit="kg", distribution={"name": "norm", "loc": 70, "scale": 10}, num=2),
    ],
    constants={"k": 3.0},
    outputs={"y": "m", "count": "1", "big": "1"},
    name="mixed",
)


def model(a_m, b, c_kg, k):
    # a float, an int and a bool output: each read back with its dtype
    return {"y": a_m * b + c_kg / k, "count": (a_m * 10).astype(np.int64), "big": c_kg > 70}


DESIGNS = {
    "grid": lambda: grid_design(PROBLEM),
    "lhs": lambda: lhs_design(PROBLEM, 20, rng=1),
    "sobol": lambda: sobol_design(PROBLEM, 16, rng=2),
    "saltelli": lambda: saltelli_design(PROBLEM, 8, rng=3),
    "oat": lambda: oat_design(PROBLEM, baseline={"b": 5.0}),
    "arrays": lambda: design_from_arrays(
        {"a_m": [0.1, 0.2], "b": [1.0, 3.0], "c_kg": [60.0, 80.0]}, PROBLEM, units={"a_m": "m"}
    ),
}


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("method", list(DESIGNS))
def test_read_gives_back_the_same_result(tmp_path, method, streamed):
    path = tmp_path / "s.csv"
    design = DESIGNS[method]()
    if streamed:
        res = run_sweep(model, design, csv_path=path, chunk_size=5)
    else:
        res = run_sweep(model, design)
        res.to_csv(path)
    back = SweepResult.read(path)
    assert back.design.method == method and back.n == res.n and back.seed == res.seed
    assert back.design.sha256 == res.design.sha256
    assert back.names == res.names and back.units == res.units and back.func == res.func
    for k in res.names:
        assert back[k].dtype == res[k].dtype, k
        np.testing.assert_array_equal(back[k], res[k])
    # written again: the same bytes, sidecar included
    again = back.to_csv(tmp_path / "again" / "s.csv")
    assert again.read_bytes() == path.read_bytes()
    assert (
        json.loads(again.with_suffix(".json").read_text())["sweep"]
        == (json.loads(path.with_suffix(".json").read_text())["sweep"])
    )


def test_sobol_indices_of_a_read_sweep_equal_sobol_analysis(tmp_path):
    # sample -> evaluate (streamed to CSV) -> read back in a later step -> analyse: the same table
    p = ishigami_problem()
    run_sweep(ishigami, saltelli_design(p, 128, rng=11), csv_path=tmp_path / "ish.csv")
    t = sobol_indices_from(SweepResult.read(tmp_path / "ish.csv"), n_resamples=300)
    ref = sobol_analysis(ishigami, p, n=128, rng=11, n_resamples=300)
    assert t.names == ref.names and t.meta == ref.meta
    for k in ref.names:
        if isinstance(ref[k], list):
            assert t[k] == ref[k]
        else:
            np.testing.assert_array_equal(t[k], ref[k])  # bit for bit
    assert np.isfinite(t["total_order_low"]).all()


def test_sobol_indices_from_refuses_other_designs_and_unknown_outputs():
    res = run_sweep(ishigami, sobol_design(ishigami_problem(), 64, rng=1))
    with pytest.raises(ValueError, match=r"'sobol' design.*method = \"saltelli\""):
        sobol_indices_from(res)
    res = run_sweep(ishigami, saltelli_design(ishigami_problem(), 64, rng=1))
    with pytest.raises(ValueError, match=r"output='z' is not an output of this sweep; .* y"):
        sobol_indices_from(res, "z")
    one = sobol_indices_from(res, "y", confidence_level=None)
    assert one["output"] == ["y"] * 3 and np.isnan(one["first_order_low"]).all()


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "s.csv"
    run_sweep(model, sobol_design(PROBLEM, 16, rng=2), csv_path=path)
    return path


def _edit_sidecar(path, change):
    side = path.with_suffix(".json")
    prov = json.loads(side.read_text())
    change(prov)
    side.write_text(json.dumps(prov))


def _replace_line(path, i, text):
    lines = path.read_text().split("\n")
    lines[i] = text(lines[i])
    path.write_text("\n".join(lines))


def test_missing_csv_or_sidecar_is_named(tmp_path, saved):
    with pytest.raises(ValueError, match=r"sweep file .*nope.csv does not exist"):
        SweepResult.read(tmp_path / "nope.csv")
    saved.with_suffix(".json").unlink()
    with pytest.raises(ValueError, match=r"s.csv has no sidecar s.json next to it; .*copy it"):
        SweepResult.read(saved)


def test_a_json_that_is_not_a_sweep_sidecar_is_named(saved):
    saved.with_suffix(".json").write_text('{"table": "x"}')
    with pytest.raises(ValueError, match=r"s.json is not the sidecar of a sweep"):
        SweepResult.read(saved)
    saved.with_suffix(".json").write_text("{not json")
    with pytest.raises(ValueError, match=r"s.json is not valid JSON"):
        SweepResult.read(saved)


def test_an_edited_csv_fails_its_recorded_hash(saved):
    _replace_line(saved, 3, lambda line: line.replace("1", "2", 1))
    with pytest.raises(ValueError, match=r"s.csv is not the file its sidecar s.json describes"):
        SweepResult.read(saved)


def test_without_a_recorded_hash_the_inputs_and_columns_are_still_checked(saved):
    _edit_sidecar(saved, lambda p: p["csv"].pop("sha256"))
    original = saved.read_text()
    _replace_line(saved, 3, lambda line: "0.5" + line[line.index(",") :])
    with pytest.raises(
        ValueError, match=r"column 'a_m' differs from the design .*\(row 3: 0.5 in the file"
    ):
        SweepResult.read(saved)
    saved.write_text(original.replace("a_m,b,", "a_m,B,", 1))
    with pytest.raises(ValueError, match=r"has the columns a_m, B, c_kg.*the CSV was edited"):
        SweepResult.read(saved)
    saved.write_text("\n".join(original.split("\n")[:10]) + "\n")
    with pytest.raises(ValueError, match=r"holds 9 rows, not the 16 its sidecar records"):
        SweepResult.read(saved)


def test_an_edited_design_record_is_caught_by_its_hash(saved):
    _edit_sidecar(saved, lambda p: p["sweep"]["design"].update(seed=3))
    with pytest.raises(ValueError, match=r"another hash than the one it records; .*edited"):
        SweepResult.read(saved)
    _edit_sidecar(saved, lambda p: p["sweep"]["problem"]["inputs"][0].update(bounds=[0, 3]))
    with pytest.raises(ValueError, match=r"does not match its problem_sha256"):
        SweepResult.read(saved)


def test_another_version_is_named_in_the_message(saved):
    _edit_sidecar(saved, lambda p: p.update(scipy="0.1") or p["sweep"]["design"].update(seed=3))
    with pytest.raises(ValueError, match=r"written with .*scipy 0.1: read it with those versions"):
        SweepResult.read(saved)


def test_a_sidecar_without_dtypes_reads_outputs_as_floats(saved):
    before = SweepResult.read(saved).outputs
    assert before["big"].dtype == bool and before["count"].dtype == np.int64
    _edit_sidecar(saved, lambda p: p["sweep"].pop("output_dtypes") and p["csv"].pop("sha256"))
    back = SweepResult.read(saved)
    assert {k: v.dtype.kind for k, v in back.outputs.items()} == {
        "y": "f",
        "count": "f",
        "big": "f",
    }
    for k, v in before.items():
        np.testing.assert_array_equal(back[k], v.astype(float))
