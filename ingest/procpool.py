"""A process pool forked from this process, safe with OpenCV.

Forking is cheap and, unlike spawn/forkserver, does not re-run the calling script
in every worker (a script without an ``if __name__ == "__main__"`` guard would
otherwise run again per worker). But a child forked while OpenCV's thread pool is
alive deadlocks in its first OpenCV call (seen under pytest): OpenCV is held to
one thread while the workers are forked (all at the first submit, before the
pool's own thread starts), then restored. Used by the scan pipeline and by the
sample degrader.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

import cv2


@contextlib.contextmanager
def forked_pool(
    workers: int, initializer: Callable[[], None] | None = None
) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes, forked where the platform can fork."""
    if "fork" not in multiprocessing.get_all_start_methods():  # Windows, macOS default
        with ProcessPoolExecutor(workers, initializer=initializer) as pool:
            yield pool
        return
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        with ProcessPoolExecutor(
            workers, multiprocessing.get_context("fork"), initializer=initializer
        ) as pool:
            pool.submit(int).result()  # forks every worker now
            cv2.setNumThreads(threads)
            yield pool
    finally:
        cv2.setNumThreads(threads)
