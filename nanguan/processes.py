"""Long-running work's processes: garbage collection in the import command and the gunicorn workers,
and the import's worker processes. Nothing here needs Django set up: the import's workers load it."""

import gc
import os
import threading
import time
from contextlib import contextmanager


def freeze_loaded_objects() -> None:
    """Take everything loaded so far (Django, the app registry, the apps' modules) out of garbage collection.

    Those objects live as long as the process, yet the cyclic collector would keep walking them
    while an import makes and drops tens of thousands of model instances: that walking was ≈20 %
    of an import's CPU time (README, "Import speed"). Objects made later are collected as usual.
    """
    gc.collect()
    gc.freeze()


@contextmanager
def collection_paused():
    """No automatic garbage collection inside the block; collection resumes after it.

    For a bounded burst that makes many short-lived objects (saving a batch of interviews makes
    tens of thousands of model instances): the collector would run hundreds of times and find
    little, ≈10 % of the time. Whatever cyclic garbage the block leaves is collected afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker once the import that started it (``parent``) is gone.

    A worker waits for work on a queue it also holds the writing end of, so an import killed with
    SIGKILL (or by the out-of-memory killer) would otherwise leave it waiting, and its memory
    taken, for ever."""

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
