"""Settings of a long-running process: the import command and the gunicorn workers."""

import gc


def freeze_loaded_objects() -> None:
    """Take everything loaded so far (Django, the app registry, the apps' modules) out of garbage collection.

    Those objects live as long as the process, yet the cyclic collector would keep walking them
    while an import makes and drops tens of thousands of model instances: that walking was ≈20 %
    of an import's CPU time (README, "Import speed"). Objects made later are collected as usual.
    """
    gc.collect()
    gc.freeze()
