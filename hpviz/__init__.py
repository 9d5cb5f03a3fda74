"""hpviz: which hyperparameters matter, and which way do they push your metric?"""

from hpviz.analysis import importance_table
from hpviz.widget import ImportancePanel

__all__ = ["ImportancePanel", "importance_table"]
__version__ = "0.1.0"
