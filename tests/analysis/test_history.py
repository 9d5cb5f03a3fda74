"""Has the ranking settled? hpviz.analysis.history on hand-made entries."""

import math

from hpviz.analysis.history import Entry, History


def entry(version, n_runs, useful=("a", "b"), **importance):
    return Entry("loss", version, n_runs, importance, frozenset(useful))


def test_a_row_that_moved_says_by_how_many_places():
    history = History()
    history.add(entry(0, 20, a=0.5, b=0.3, c=0.2))
    history.add(entry(1, 40, c=0.5, a=0.3, b=0.2))
    ranking = history.ranking("loss")
    assert ranking["moves"] == {"c": 2, "a": -1, "b": -1}
    # c is below the noise floor: the top parameters are a and b, and they kept their order
    assert ranking["top"] == ["a", "b"] and ranking["state"] == "stable"


def test_stable_only_when_the_top_order_held_over_a_fifth_of_the_runs():
    history = History()
    history.add(entry(0, 100, a=0.6, b=0.3, c=0.1))
    history.add(entry(1, 110, a=0.6, b=0.3, c=0.1))
    assert history.ranking("loss")["state"] == "moving"  # 10 of 110 runs: too few
    history.add(entry(2, 130, a=0.5, b=0.2, c=0.3))  # an irrelevant one moved, not the top
    ranking = history.ranking("loss")
    assert ranking["state"] == "stable" and ranking["runs"] == 30 and ranking["refreshes"] == 2
    assert ranking["moves"] == {"c": 1, "b": -1}
    history.add(entry(3, 150, b=0.5, a=0.4, c=0.1))  # the top swapped
    assert history.ranking("loss")["state"] == "moving"
    assert history.ranking("loss", version=2)["state"] == "stable"  # as it was then


def test_the_history_frame_is_runs_to_importance_and_a_rerun_of_the_same_runs_replaces_its_row():
    history = History()
    history.add(entry(0, 10, a=0.7, b=0.3))
    history.add(entry(1, 20, a=0.6, b=0.4))
    history.add(entry(1, 20, a=1.0))  # b hidden: the same runs analysed again
    assert not history.add(entry(0, 10, a=0.1, b=0.9))  # older runs than the last: ignored
    frame = history.frame("loss")
    assert list(frame.index) == [10, 20] and list(frame.columns) == ["a", "b"]
    assert frame.loc[20, "a"] == 1.0 and math.isnan(frame.loc[20, "b"])
    assert history.frame("acc").empty and history.ranking("acc") == {}
