"""The state model of the guides (procedures/states.yaml): load and validate.

The file declares the states an environment moves through while a guide is
followed (global maintenance, the ``ovirt-engine`` services, the Manager
virtual machine, a host, the backup, ...), each with its values, its value at
the start of a guide per topology, which values are transitional (a guide must
not end in them), and the rules that map a command (on a machine, in a
topology) to the states it requires and sets. ``guidekit.model.flow`` walks
the guides with it. Pure: text in, plain objects or GuideError out.

The package: the schema of the file (``schema``), the machines, environments
and captions (``machines``, read by ``machine_parsing``), the states, rules and
the model that holds them (``state_model``), and the reading of the file with
its cross-checks (``parsing``).
"""

from guidekit.model.states.parsing import load_states, parse_states
from guidekit.model.states.schema import STATES_SCHEMA
from guidekit.model.states.state_model import Never, Rule, StartCheck, State, StateModel

__all__ = [
    "STATES_SCHEMA",
    "Never",
    "Rule",
    "StartCheck",
    "State",
    "StateModel",
    "load_states",
    "parse_states",
]
