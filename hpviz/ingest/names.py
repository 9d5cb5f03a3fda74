"""What a column's name says: a setting, a result, a counter, bookkeeping or a row number.

Names are read as tokens (split on anything that is not a letter or digit) and as paths: a dotted
name (``train.lr.init_value``) is a path into a nested config, a slashed one (``val/loss``,
``info/learner/cur_lr``) a key logged by the run. These rules use the name alone; the data and
the source's own split are weighed in :mod:`hpviz.ingest.roles`.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "goal_is_certain",
    "guess_goal",
    "is_config_path",
    "is_index_name",
    "is_logged_path",
    "looks_like_metadata",
    "looks_like_metric",
    "metric_split",
    "names_a_quality",
    "names_progress",
    "outcome_reason",
    "qualifiers",
    "summary_statistic",
]

# The one table from what a name says to the words that say it. Every rule below reads its
# words from here; no reader keeps a list of its own.
WORDS: dict[str, frozenset[str]] = {
    # Name tokens that make a numeric column a result to minimise.
    "result, lower is better": frozenset(
        {
            # measured costs: fit_time_s, inference_time_ms (Ray's time_total_s is metadata)
            "time",
            "seconds",
            "memory",
            "loss",
            "losses",
            "error",
            "err",
            "mse",
            "mae",
            "rmse",
            "msle",
            "mape",
            "rmspe",
            "smape",
            "nll",
            "perplexity",
            "ppl",
            "wer",
            "cer",
            "regret",
            "cost",
            "latency",
            "bpd",
            "bpc",
            "fid",
            "logloss",
            "distance",
            "diff",
        }
    ),
    # Name tokens that make a numeric column a result to maximise.
    "result, higher is better": frozenset(
        {
            "acc",
            "accuracy",
            "f1",
            "auc",
            "auroc",
            "roc",
            "precision",
            "recall",
            "reward",
            "rewards",
            "return",
            "score",
            "r2",
            "bleu",
            "rouge",
            "iou",
            "miou",
            "map",
            "ndcg",
            "mrr",
            "hit",  # Hit@k, hits@10: retrieval and ranking
            "hits",
            "top1",
            "top5",
            "sharpe",
            "fitness",
            "likelihood",
            "elbo",
            "success",
            "dice",
            "psnr",
            "ssim",
            "sensitivity",  # the recall of a diagnostic test
            "specificity",
            "kappa",
            "objective",
            "metric",
            "value",
        }
    ),
    # Results whose direction the name does not say: a metric, its goal a guess.
    "result, direction unsaid": frozenset({"magnitude", "delta", "gap", "entropy", "kl"}),
    # Tokens that name a result without saying which way is better.
    "result word, direction unsaid": frozenset(
        {"value", "objective", "metric", "score", "target", "result"}
    ),
    # A name with one of these is a setting, even beside a result word (loss_weight).
    "setting": frozenset(
        {
            "limit",
            "budget",
            "warmup",
            "weight",
            "weights",
            "coef",
            "coefficient",
            "scale",
            "factor",
            "fn",
            "func",
            "function",
            "type",
            "kind",
            "threshold",
            "thresh",
            "clip",
            "smoothing",
            "patience",
            "lambda",
            "alpha",
            "beta",
            "temperature",
            "margin",
            "eps",
            "epsilon",
        }
    ),
    # Whole names (case and spaces folded to _) and last parts that describe a run.
    "bookkeeping": frozenset(
        {
            "id",
            "run_id",
            "runid",
            "run",
            "run_name",
            "name",
            "display_name",
            "trial",
            "number",
            "state",
            "status",
            "created",
            "created_at",
            "updated",
            "updated_at",
            "start_time",
            "end_time",
            "datetime_start",
            "datetime_complete",
            "duration",
            "runtime",
            "host",
            "artifact_uri",
            "lifecycle_stage",
            "user",
            "user_id",
            "url",
            "tags",
            "notes",
            "group",
            "job_type",
            "sweep",
            "sweep_id",
            "source_type",
            "source_name",
            "source_version",
            "git_commit",
            "commit",
            "github",
            "gpu_type",
            "gpu_count",
            "gpu",
            "os",
            "python",
            "models",
        }
    ),
    # Of those, the ones that name a setting when they end a nested name (optimizer.name).
    "bookkeeping only as a whole name": frozenset(
        {
            "id",
            "name",
            "run",
            "path",
            "url",
            "user",
            "group",
            "tags",
            "notes",
            "models",
            "gpu",
            "os",
            "python",
            "commit",
            "date",
            "duration",
            "created",
            "updated",
            "number",
            "trial",
            "state",
            "status",
        }
    ),
    # The step or epoch a run stopped at (epochs, max_steps are the settings).
    "outcome: a count reached": frozenset(
        {
            "step",
            "global_step",
            "epoch",
            "iteration",
            "iter",
            "it",
            "episode",
            "episodes_total",
            "timesteps_total",
            "agent_timesteps_total",
            "num_updates",
            "n_updates",
            "updates",
        }
    ),
    # Families of keys a trainer logs about itself (timers/, info/learner/ ...).
    "outcome: logged family": frozenset(
        {
            "timers",
            "perf",
            "sampler_perf",
            "counters",
            "info",
            "hist_stats",
            "system",
            "trainer",
            "lr-adam",
            "lr-sgd",
            "lr-adamw",
            "grad_norm",
            "gradients",
            "parameters",
            "connector_metrics",
            "num_faulty_episodes",
        }
    ),
    # The number of weights the settings built.
    "outcome: model size": frozenset(
        {
            "num_params",
            "n_params",
            "num_parameters",
            "n_parameters",
            "num_trainable_params",
            "trainable_params",
            "total_params",
            "param_count",
            "parameter_count",
        }
    ),
    # First parts that mark a logged family of results (summary/f1, fold/3/acc).
    "result family": frozenset(
        {"summary", "fold", "folds", "metrics", "eval", "evaluation", "episode_reward"}
    ),
    # Leaves of logged keys that are a setting's current value (a schedule).
    "outcome: a setting as logged": frozenset(
        {"lr", "learning_rate", "cur_lr", "momentum", "weight_decay", "beta1"}
    ),
    # Units a measured size or speed ends in.
    "outcome: measured unit": frozenset(
        {"mb", "gb", "kb", "mib", "gib", "fps", "flops", "gflops", "tflops"}
    ),
    # With a cost or unit, a cap set before the run (max_memory_mb).
    "setting: a cap": frozenset({"max", "min", "limit", "budget", "cap", "target"}),
    # Results that say what a run cost rather than how good it was.
    "result: a cost": frozenset({"time", "seconds", "memory", "latency", "cost", "mb", "gb", "ms"}),
    "split: validation": frozenset(
        {"val", "valid", "validation", "eval", "evaluation", "dev", "holdout", "oof", "cv"}
    ),
    "split: test": frozenset({"test", "testing"}),
    "split: train": frozenset({"train", "training", "tr", "fit"}),
    "statistic: mean": frozenset({"mean", "avg", "average", "median"}),
    "statistic: spread": frozenset(
        {"max", "min", "std", "var", "stdev", "sem", "p95", "p99", "p5", "p50", "sum", "total"}
    ),
    # The columns Ray Tune fills in itself (ray.tune.result): its record of the trial.
    "Ray Tune's own columns": frozenset(
        {
            "training_iteration",
            "time_total_s",
            "time_this_iter_s",
            "time_since_restore",
            "timesteps_total",
            "timesteps_since_restore",
            "timesteps_this_iter",
            "episodes_total",
            "episodes_this_iter",
            "iterations_since_restore",
            "timestamp",
            "date",
            "done",
            "should_checkpoint",
            "checkpoint_dir_name",
            "trial_id",
            "experiment_id",
            "experiment_tag",
            "trainable_name",
            "hostname",
            "node_ip",
            "pid",
            "logdir",
            "path",
        }
    ),
    # States of a run that ended normally, in any tracker (compared without case) …
    "state: finished": frozenset(
        {"finished", "complete", "completed", "success", "succeeded", "terminated"}
    ),
    # … and of one that did not (or not yet).
    "state: not finished": frozenset(
        {
            "running",
            "crashed",
            "failed",
            "fail",
            "killed",
            "pruned",
            "waiting",
            "scheduled",
            "pending",
            "preempted",
            "preempting",
            "error",
            "errored",
            "paused",
            "queued",
            "aborted",
            "cancelled",
            "canceled",
            "stopped",
        }
    ),
}

MINIMIZE_TOKENS = WORDS["result, lower is better"]
MAXIMIZE_TOKENS = WORDS["result, higher is better"]
UNDIRECTED_TOKENS = WORDS["result, direction unsaid"]
_AMBIGUOUS_TOKENS = WORDS["result word, direction unsaid"]
SETTING_TOKENS = WORDS["setting"]
METADATA_NAMES = WORDS["bookkeeping"] | WORDS["Ray Tune's own columns"]
# MLflow's own tags (``mlflow.runName``, ``mlflow.source.git.commit``), however the table kept
# them: where and by whom a run was started, not how.
_SYSTEM_TAG_PREFIXES = ("mlflow.", "tags.mlflow.")
_GENERIC_METADATA_NAMES = WORDS["bookkeeping only as a whole name"]
_COUNTER_LEAVES = WORDS["outcome: a count reached"]
_COUNTER_PATTERNS = (
    re.compile(r"^num_(agent|env)_steps_(sampled|trained)"),
    re.compile(r"^num_(agent|env)_steps_(sampled|trained)_lifetime"),
    re.compile(r"^num_(steps|samples|episodes)_(sampled|trained)"),
    re.compile(r"^num_(healthy|in_flight|remote)_\w+"),
    re.compile(r"_(lifetime|this_iter|since_restore|total)$"),
    re.compile(r"^(best|last|final|convergence|stop|stopped)_(step|epoch|iteration|iter)s?$"),
    re.compile(r"_(step|epoch)_(reached|stopped|best)$"),
    # num_batches_seen, tokens_seen, train_samples_used
    re.compile(r"^(?!max_|min_)\w+_(seen|processed|consumed|used)$"),
    re.compile(r"^(val|valid|validation|test|train|eval)_(correct|incorrect)$"),  # counted
)
_OUTCOME_FAMILIES = WORDS["outcome: logged family"]
_MODEL_SIZES = WORDS["outcome: model size"]
# First parts that mark a logged family of results: ``val/loss``, ``best_val_acc``,
# ``summary/f1``, ``fold/3/accuracy``, ``Episode_Reward/…``.
_RESULT_PREFIXES = ("best_", "final_", "last_", "min_", "max_", "mean_", "avg_")
_RESULT_FAMILIES = WORDS["result family"]
_SETTING_AS_LOGGED = WORDS["outcome: a setting as logged"]
_MEASURED_UNITS = WORDS["outcome: measured unit"]
_CAPS = WORDS["setting: a cap"]
_COSTS = WORDS["result: a cost"]
_QUALITY = (
    (MINIMIZE_TOKENS | MAXIMIZE_TOKENS)
    - _COSTS
    - {"distance", "diff", "value"}
    - {
        "objective",
        "metric",
    }
)
# scikit-learn's cv_results_: every scorer is greater-is-better (losses come as neg_*).
_SKLEARN_SCORE = re.compile(r"^(mean|split\d+)_(test|train)_")
_SKLEARN_RANK = re.compile(r"^rank_test_")
_SKLEARN_SPREAD = re.compile(r"^std_(test|train)_")
_MEAN_RANK = re.compile(r"(^|_)(mean|avg|average|median)_?rank($|_)")
_INDEX_NAME = re.compile(r"^(Unnamed: \d+(\.\d+)*|index|level_\d+|)$")
_VALIDATION = WORDS["split: validation"]
_TEST = WORDS["split: test"]
_TRAIN = WORDS["split: train"]
_MEAN = WORDS["statistic: mean"]
_SPREAD = WORDS["statistic: spread"]


def tokens(name: str) -> list[str]:
    """The lower-case words of a name (split on anything not a letter or digit, and on
    camelCase): ``"val/AccTop1"`` → ``["val", "acc", "top1"]``."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return [t for t in re.split(r"[^a-z0-9]+", spaced.lower()) if t]


def _leaf(name: str) -> str:
    return re.split(r"[./]", name)[-1].lower()


def _folded(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def is_index_name(name: str) -> bool:
    """A row number a saved frame kept: ``Unnamed: 0`` (a column without a header, as
    ``df.to_csv()`` writes the index), ``Unnamed: 0.1`` (saved twice), ``index``,
    ``level_0`` (``reset_index``), or an empty name."""
    return bool(_INDEX_NAME.match(name.strip()))


def is_config_path(name: str) -> bool:
    """A dotted path into a nested config (``train.lr.init_value``, ``model.depth``): a
    setting whatever its last word. A dotted name whose first part is a split of the data
    (``val.loss``, ``train.acc``) with a result as its last word is a logged result instead."""
    if "/" in name or "." not in name:
        return False
    parts = [p for p in name.split(".") if p]
    if len(parts) < 2 or all(p.isdigit() for p in parts[1:]):
        return False  # ``lr.1``: a repeated column, not a path
    head, last = parts[0].lower(), parts[-1]
    if len(parts) == 2 and head in _VALIDATION | _TEST | _TRAIN | _RESULT_FAMILIES:
        return not looks_like_metric(last)
    return True


def is_logged_path(name: str) -> bool:
    """A key logged by the run under a family (``val/loss``, ``trainer/global_step``,
    ``info/learner/default_policy/cur_lr``): the slash is how trackers group what a run
    reports, never how configs nest (those come dotted, or as Ray Tune's ``config/``)."""
    return "/" in name.strip("/") and not name.startswith("config/")


def outcome_reason(name: str) -> str:
    """Why a name is an outcome of the run, or ``""``: a count it reached (``epoch``,
    ``trainer/global_step``, ``best_epoch``, ``num_env_steps_sampled``, ``timesteps_total``,
    a logged ``env_runners/num_episodes``), a family of its own bookkeeping (``timers/…``,
    ``info/learner/…``, ``sampler_perf/…``, also nested: ``env_runners/sampler_perf/…``) or
    the size of its model (``num_params``)."""
    leaf = _leaf(name)
    folded = _folded(name)
    if leaf.startswith("_"):
        return ""
    if (
        leaf in _COUNTER_LEAVES
        or folded in _COUNTER_LEAVES
        or any(p.search(leaf) for p in _COUNTER_PATTERNS)
    ):
        return "a count the run reached (a step, an epoch, a number of samples)"
    if is_logged_path(name):
        parts = name.split("/")
        family = next((p for p in parts[:-1] if _folded(p) in _OUTCOME_FAMILIES), None)
        if family is not None:
            return f"the run's own bookkeeping ({family}/…), logged as it ran"
        if leaf.startswith(("num_", "n_")):
            return "a count the run logged as it ran (a number of episodes, updates, samples)"
    if leaf in _MODEL_SIZES or folded in _MODEL_SIZES:
        return "the size of the model the settings built (its number of weights), not a setting"
    if (is_logged_path(name) or folded.startswith("lr-")) and (
        leaf in _SETTING_AS_LOGGED or folded.startswith("lr-")
    ):
        return "the value a setting had when the run logged it (a schedule), not the setting"
    parts = tokens(name)
    if (
        parts
        and parts[-1] in _MEASURED_UNITS
        and not set(parts) & _CAPS
        and not is_config_path(name)
    ):
        return f"a size or speed the run measured (in {parts[-1]})"
    return ""


def names_progress(name: str) -> bool:
    """A step or epoch a run reached, as trackers log it (``_step``, ``epoch``,
    ``trainer/global_step``, ``iter``): how far the run got."""
    leaf = _leaf(name).lstrip("_")
    return leaf in _COUNTER_LEAVES or _folded(name).lstrip("_") in _COUNTER_LEAVES


def looks_like_metric(name: str) -> bool:
    """Whether a column name reads like a result (``val_loss``) rather than a setting."""
    if _convention(name):
        return True  # a scikit-learn score, a mean rank
    parts = tokens(name)
    words = set(parts)
    if parts and parts[-1] in UNDIRECTED_TOKENS | {"diff"}:
        return True  # ``weight_magnitude``, ``action_l1_diff``: a measured size of something
    if words & SETTING_TOKENS and not _result_prefixed(name):
        return False
    if words & _CAPS and words & _COSTS:
        return False  # max_memory_mb, time_limit: a cap set before the run
    return bool(words & (MINIMIZE_TOKENS | MAXIMIZE_TOKENS | UNDIRECTED_TOKENS))


def names_a_quality(name: str) -> bool:
    """Whether the name says how good the run was (a loss, an error, an accuracy, a reward),
    rather than what it cost (time, memory) or a word that says neither (``value``)."""
    return bool(set(tokens(name)) & _QUALITY)


def _result_prefixed(name: str) -> bool:
    """``best_val_acc``, ``final_loss``, ``summary/f1``, ``fold/2/acc``: a result's family."""
    folded = _folded(name)
    first = re.split(r"[/.]", folded)[0]
    return folded.startswith(_RESULT_PREFIXES) or first in _RESULT_FAMILIES


def looks_like_metadata(name: str) -> bool:
    """Whether a column name reads like run bookkeeping (ids, states, times, users)."""
    stripped = name.strip()
    leaf = _leaf(stripped)
    if stripped.startswith("_") or leaf.startswith("_"):
        return True
    if _folded(stripped) in METADATA_NAMES or stripped.lower().startswith(_SYSTEM_TAG_PREFIXES):
        return True
    return leaf in METADATA_NAMES and leaf not in _GENERIC_METADATA_NAMES


def metric_split(name: str) -> str:
    """Which data a metric was measured on, from its name: ``"validation"``, ``"test"``,
    ``"train"`` or ``""`` (not said)."""
    words = set(tokens(name))
    for split, marks in (("validation", _VALIDATION), ("test", _TEST), ("train", _TRAIN)):
        if words & marks:
            return split
    return ""


def qualifiers(name: str) -> int:
    """How many words of a metric's name are neither a split, a statistic nor a result word:
    ``val_roc_auc`` has none, ``val_precision_fraud`` one (a class), ``test_acc-camera8`` one
    (a part). A headline metric has fewer than a per-class or per-part one."""
    known = (
        MINIMIZE_TOKENS
        | MAXIMIZE_TOKENS
        | UNDIRECTED_TOKENS
        | _VALIDATION
        | _TEST
        | _TRAIN
        | _MEAN
        | _SPREAD
        | _RESULT_FAMILIES
    )
    return sum(1 for t in tokens(name) if t not in known and not t.isdigit())


def summary_statistic(name: str) -> str:
    """``"mean"`` for a mean or median over episodes or folds, ``"spread"`` for a max, min,
    std or sum (``episode_reward_max``), ``""`` when the name says neither."""
    words = set(tokens(name))
    if words & _MEAN:
        return "mean"
    if words & _SPREAD:
        return "spread"
    return ""


def _convention(metric: str) -> str:
    """The goal a naming convention fixes, whatever the words (``""`` if none does):
    scikit-learn's ``cv_results_`` scores (``mean_test_<scorer>``, ``split<i>_test_<scorer>``,
    ``mean_train_…``) and every ``neg_*`` scorer are greater-is-better, its ``rank_test_*`` is
    1 for the best; a mean rank (of the right answer, in retrieval) is lower-is-better."""
    folded = _folded(metric)
    if _SKLEARN_SCORE.match(folded) or "neg" in tokens(metric):
        return "maximize"
    if _SKLEARN_RANK.match(folded) or _MEAN_RANK.search(folded):
        return "minimize"
    return ""


def guess_goal(metric: str) -> str:
    """``"minimize"`` or ``"maximize"``, from the metric's name; ``"minimize"`` if unsure."""
    convention = _convention(metric)
    if convention:
        return convention
    words = set(tokens(metric))
    if words & MINIMIZE_TOKENS:
        return "minimize"
    if words & (MAXIMIZE_TOKENS - _AMBIGUOUS_TOKENS) or "score" in words:
        return "maximize"
    return "minimize"


@functools.lru_cache(maxsize=4096)  # (asked of every column of every table read)
def goal_is_certain(metric: str) -> bool:
    """Whether the name alone makes the goal certain: a loss, an error, an accuracy, a reward,
    a scikit-learn score are; ``value``, ``score``, ``objective``, ``metric``, a spread
    (``std_test_score``) and names without a result word are not."""
    if _convention(metric):
        return True
    words = set(tokens(metric))
    if words & UNDIRECTED_TOKENS or _SKLEARN_SPREAD.match(_folded(metric)):
        return False
    return bool(words & (MINIMIZE_TOKENS | MAXIMIZE_TOKENS - _AMBIGUOUS_TOKENS))
