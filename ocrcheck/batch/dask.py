"""Re-validation of an archive on Dask: a Bag of stored answers mapped through the pure check.

    from distributed import Client
    from ocrcheck.batch import revalidate
    with Client("tcp://scheduler:8786") as client:
        revalidate("results.jsonl", out="new.jsonl", backend="dask", scheduler=client)

The building blocks, for a Bag of your own (`Stored` items, `raw` holding the answer when the
workers cannot read the archive's files):

- `check_bag(bag, engine)`: each partition through `check_partition` (load, then `Engine.check`);
- `earliest(checked)`: per identity, the earliest document — a `foldby` (a tree reduction of
  one small tuple per identity and partition), not a shuffle of the records.

The workers read the stored answers at the paths the driver names: on a cluster the archive
must be on storage every worker sees at the same path. dask and distributed are an optional
extra (`pip install 'ocrcheck[dask]'`), imported only when used.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from .._exceptions import InputError
from ._engine import Checked, Engine, Stored
from ._revalidate import Writer, check_partition

if TYPE_CHECKING:
    import dask.bag as db

NONE: tuple[int, str, str] = (-1, "", "")  # the fold's start: no document yet


def require() -> None:
    """A clear error, before any work, when the optional extra is missing."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as error:
        raise InputError(f"re-validation on Dask needs dask[bag] and distributed ({error.name} is missing): "
                         "pip install 'ocrcheck[dask]'") from None


def _flatten(parts: list[list[Stored]]) -> list[Stored]:
    return [item for part in parts for item in part]


def _check(parts: list[list[Stored]], engine: Engine) -> list[Checked]:
    return check_partition(engine, _flatten(parts))


def _check_items(items: Any, engine: Engine) -> list[Checked]:
    return check_partition(engine, list(items))


def check_bag(bag: db.Bag, engine: Engine) -> db.Bag:
    """A Bag of `Stored` → a Bag of `Checked` (each partition one task)."""
    return bag.map_partitions(_check_items, engine)


def _identified(checked: Checked) -> bool:
    return checked.digest is not None


def _digest(checked: Checked) -> str:
    assert checked.digest is not None
    return checked.digest


def _earlier(a: tuple[int, str, str], b: tuple[int, str, str]) -> tuple[int, str, str]:
    if a[0] < 0:
        return b
    if b[0] < 0:
        return a
    return min(a, b)


def _take(acc: tuple[int, str, str], checked: Checked) -> tuple[int, str, str]:
    return _earlier(acc, (checked.order, checked.source, str(checked.brief["doc_type"])))


def earliest(checked: db.Bag) -> db.Bag:
    """(digest, (order, source, doc_type)) of the earliest document of every identity."""
    return checked.filter(_identified).foldby(_digest, _take, NONE, _earlier, NONE)


def _client(scheduler: Any, workers: int) -> tuple[Any, list[Any]]:
    """A `distributed.Client` and what to close after: the caller's client as it is, one
    connected to an address, or a local cluster of `workers` single-threaded processes on the
    loopback interface with no dashboard."""
    import distributed

    if isinstance(scheduler, distributed.Client):
        return scheduler, []
    if scheduler is None or scheduler == "local":
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address=None)
        client = distributed.Client(cluster)
        return client, [client, cluster]
    if isinstance(scheduler, str):
        client = distributed.Client(scheduler)
        return client, [client]
    raise InputError(f"scheduler must be a distributed.Client, an address or 'local', got {type(scheduler).__name__}")


def run_dask(engine: Engine, parts: list[list[Stored]], writer: Writer, *, scheduler: Any, workers: int,
             retries: int, stop: threading.Event) -> None:
    """Check every partition on the cluster (kept there), fold the earliest document of each
    identity, then fetch and write the partitions as they come. A partition still failing after
    `retries` (its worker raised or died) is written `failed`, and left out of the fold."""
    if not parts:
        return
    import dask
    import dask.bag as db
    from distributed import futures_of, wait

    client, owned = _client(scheduler, workers)
    try:
        bag = db.from_sequence(parts, npartitions=len(parts))  # one archive partition per Bag partition
        checked = bag.map_partitions(_check, engine)
        persisted = client.persist(checked, retries=retries)
        by_key = {future.key: future for future in futures_of(persisted)}
        futures = [by_key[key] for key in persisted.__dask_keys__()]
        while True:
            if stop.is_set():  # nothing is written before the fold: stopping loses no record
                client.cancel(futures)
                return
            # `lost`: a worker died holding the partition, which the scheduler computes again.
            running = [future for future in futures if future.status not in ("finished", "error", "cancelled")]
            if not running:
                break
            try:
                wait(running, timeout=0.5)
            except TimeoutError:
                continue
            if all(future.status == "lost" for future in running):
                time.sleep(0.2)
        ok = [i for i, future in enumerate(futures) if future.status == "finished"]
        for i, future in enumerate(futures):
            if future.status != "finished":
                error = future.exception() if future.status == "error" else future.status
                writer.failed(parts[i], f"the partition failed on the cluster: {type(error).__name__}: {error}"[:600])
        if ok:
            good = db.from_delayed([dask.delayed(_same)(futures[i]) for i in ok])
            writer.merge(dict(earliest(good).compute()))
        for i in ok:
            writer.write(futures[i].result(), parts[i])
            futures[i].release()
    finally:
        for resource in owned:
            resource.close()


def _same(items: list[Checked]) -> list[Checked]:
    return items


__all__ = ["check_bag", "earliest", "require", "run_dask"]
