"""pfsim assess on the bundled examples vs what the seed / TIPPs paper lead one to expect (reported)."""

from pathlib import Path

from pfsim.assess import assess
from pfsim.io import read_commented_csv

HERE = Path(__file__).parent


def test_assess_examples(vcase):
    for row in read_commented_csv(HERE / "data.csv"):
        hist = row["history"] or None
        a = assess(row["profile"], hist, draws=32, rng=1)
        k = a.outcomes.index(a.primary_outcome)
        first = a.interventions[0]
        vcase(
            case=f"{row['id']}: top contributor / first intervention ({a.primary_outcome})",
            source=row["source"],
            published=f"{row['expected_top_contributor']} / {row['expected_first_intervention']}",
            pfsim=(
                f"{a.top_contributor} (share {max(a.contributions[k]):.3g} of excess "
                f"{a.excess[k]:.3g}) / {a.top_intervention} (change {a.change[k, 0]:.3g}, "
                f"P(first) {a.p_best[0]:.2f}; second {a.interventions[1]} {a.change[k, 1]:.3g})"
                if first
                else "-"
            ),
            tolerance="reported (qualitative expectation)",
            passed=None,
        )
