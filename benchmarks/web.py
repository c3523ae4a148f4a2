"""Web UI latency under load: 20 logged-in users on the sample store, over loopback.

Builds a store of the bundled samples (or reuses ``--db``), serves it with uvicorn in
its own process on a real 127.0.0.1 socket, logs ``--users`` people in through the
login form and has each of them ask for a mix of pages (library, a reader topic, a
search with filters, an entity page, compare, trends) one after the other, for
``--seconds`` or until ``--requests`` answers in all, pausing about ``--think`` seconds
between pages (0, the default, keeps every user's request in flight: a stress test).
Prints p50/p95/max per page and overall, requests per second and errors (any status
but 200, or no answer). The target: p95 under 200 ms with 20 concurrent users.

    .venv/bin/python benchmarks/web.py [--db /tmp/web-bench.db] [--users 20] [--seconds 30]
        [--think 1.0] [--workers 2]

The load average of the machine is printed too: other work on it slows the server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import random
import re
import socket
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from rightslens import accounts, api
from rightslens.store import accounts as stored

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
USER, PASSWORD = "bench-reader", "benchmark password"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
TARGET_P95_MS = 200


@dataclass(frozen=True)
class Sample:
    page: str
    seconds: float
    ok: bool
    size: int


def prepare_store(path: Path) -> None:
    """The samples ingested with their facts (once), and a reader to log in as."""
    with api.open_store(str(path)) as store:
        if not api.documents(store):
            started = time.perf_counter()
            report = api.ingest(store, [SAMPLES])
            failed = [f.error for f in report.failed]
            assert not failed, failed
            print(f"ingested the samples in {time.perf_counter() - started:.0f} s")
        if USER not in {user.name for user in stored.list_users(store)}:
            accounts.create_user(store, USER, PASSWORD, "reader")


def page_mix(path: Path) -> dict[str, list[str]]:
    """Paths of each kind of page, drawn from what the store holds."""
    with api.open_store(str(path)) as store:
        documents = api.documents(store)
        readers = [
            f"/reports/{document.id}?topic={section.id}"
            for document in documents
            for section in api.sections(store, document.id)
            if section.level == 1
        ]
        countries = sorted({d.country for d in documents if d.country})
        years = sorted({d.year for d in documents if d.year})
        people = sorted(
            (e for e in api.entities(store) if e.type == "person"), key=lambda e: -e.mentions
        )
        places = [e for e in api.entities(store) if e.type == "place"]
        by_country = defaultdict(list)
        for document in documents:
            by_country[(document.publisher, document.country)].append(document)
        pairs = [
            (older.id, newer.id)
            for same in by_country.values()
            for older, newer in zip(same, same[1:], strict=False)
        ]
    span = f"{years[0]}-{years[-1]}"
    words = ("torture", "prison", "election", "journalist", "court", "protest")
    return {
        "library": ["/"],
        "reader": readers,
        "search": [f"/search?q={w}&country={c}&years={span}" for w in words for c in countries],
        "entity": [f"/entities/{e.id}" for e in (people[:20] + places[:10])],
        "compare": [f"/compare?a={a}&b={b}" for a, b in pairs],
        "trends": [f"/trends?country={c}" for c in countries],
    }


def _serve(db: str, sock: socket.socket) -> None:
    import uvicorn

    from rightslens.server import create_app

    config = uvicorn.Config(create_app(db), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (Linux /proc; 0 elsewhere): the server's cost per request,
    which other work on the machine does not inflate the way it does latency."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serving(db: Path, workers: int) -> Iterator[tuple[str, list[int]]]:
    """The web UI in ``workers`` processes of its own sharing one listening socket (as
    ``rightslens serve --workers`` runs it), so the clients do not share its interpreter."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    fork = multiprocessing.get_context("fork")
    servers = [fork.Process(target=_serve, args=(str(db), sock)) for _ in range(workers)]
    for server in servers:
        server.start()
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            if not all(s.is_alive() for s in servers) or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        yield base, [server.pid for server in servers]
    finally:
        for server in servers:
            server.terminate()
            server.join(10)
        sock.close()


async def log_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    token = CSRF_INPUT.search(page.text).group(1)
    form = {"name": USER, "password": PASSWORD, "csrf_token": token, "next": "/"}
    response = await client.post("/login", data=form)
    assert response.status_code == 303, response.text[:300]


async def one_user(
    client: httpx.AsyncClient,
    mix: dict[str, list[str]],
    seed: int,
    until: float,
    budget: list[int],
    think: float,
) -> list[Sample]:
    """Ask for pages one after the other, a random kind each time."""
    rng = random.Random(seed)
    samples: list[Sample] = []
    while time.monotonic() < until and budget[0] > 0:
        budget[0] -= 1
        kind = rng.choice(list(mix))
        path = rng.choice(mix[kind])
        started = time.perf_counter()
        try:
            response = await client.get(path)
            ok, size = response.status_code == 200, len(response.content)
            if not ok:
                print(f"  {response.status_code} {path}")
        except httpx.HTTPError as error:
            ok, size = False, 0
            print(f"  {error!r} {path}")
        samples.append(Sample(kind, time.perf_counter() - started, ok, size))
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
    return samples


async def drive(
    base: str, mix, users: int, seconds: float, requests: int, think: float
) -> tuple[list[Sample], float]:
    """Every user logs in first (argon2 makes a login cost ~0.1 s of CPU by design, so
    20 at once would stall the pages measured), then all ask for pages at once. Returns
    the samples and the seconds the pages took."""
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=base, timeout=30))
            for _ in range(users)
        ]
        await asyncio.gather(*(log_in(client) for client in clients))
        started = time.perf_counter()
        until = time.monotonic() + seconds
        budget = [requests]
        runs = [one_user(c, mix, seed, until, budget, think) for seed, c in enumerate(clients)]
        found = [sample for samples in await asyncio.gather(*runs) for sample in samples]
        return found, time.perf_counter() - started


def warm_up(base: str, mix: dict[str, list[str]]) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        page = client.get("/login")
        token = CSRF_INPUT.search(page.text).group(1)
        client.post("/login", data={"name": USER, "password": PASSWORD, "csrf_token": token})
        for paths in mix.values():
            for path in paths:
                client.get(path)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def print_report(samples: list[Sample], elapsed: float) -> bool:
    """The latency table; whether every page kind met the target."""
    print(
        f"{'page':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'KB':>7} {'errors':>6}"
    )
    kinds = sorted({s.page for s in samples})
    met = True
    for kind, chosen in [(k, [s for s in samples if s.page == k]) for k in kinds] + [
        ("overall", samples)
    ]:
        times = [s.seconds * 1000 for s in chosen]
        p95 = percentile(times, 0.95)
        met &= kind == "overall" or p95 < TARGET_P95_MS
        print(
            f"{kind:<10} {len(chosen):>6} {statistics.median(times):>8.1f} {p95:>8.1f} "
            f"{max(times):>8.1f} {statistics.mean(s.size for s in chosen) / 1024:>7.1f} "
            f"{sum(not s.ok for s in chosen):>6}"
        )
    print(f"{len(samples) / elapsed:.1f} requests/s over {elapsed:.1f} s")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to reuse (built here if empty)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--requests", type=int, default=1_000_000, help="stop after this many")
    parser.add_argument("--pages", help="only these kinds, comma-separated (reader,search,...)")
    parser.add_argument("--think", type=float, default=0, help="mean pause between pages (s)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (one per core)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or Path(scratch) / "web-bench.db"
        prepare_store(db)
        mix = page_mix(db)
        if args.pages:
            mix = {kind: mix[kind] for kind in args.pages.split(",")}
        print({kind: len(paths) for kind, paths in mix.items()}, "paths of each kind")
        with serving(db, args.workers) as (base, pids):
            # Every path once first: cold caches are not what users see for long.
            warm_up(base, mix)
            load_before, cpu_before = os.getloadavg()[0], sum(map(cpu_seconds, pids))
            samples, elapsed = asyncio.run(
                drive(base, mix, args.users, args.seconds, args.requests, args.think)
            )
            cpu = sum(map(cpu_seconds, pids)) - cpu_before
    print(
        f"{args.users} users, think {args.think} s, {args.workers} server processes, {db}; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, "
        f"on {os.cpu_count()} CPUs"
    )
    met = print_report(samples, elapsed)
    print(f"server CPU: {1000 * cpu / len(samples):.1f} ms a request ({cpu:.1f} s in all)")
    errors = sum(not s.ok for s in samples)
    verdict = "met" if met and not errors else "NOT met"
    print(f"target p95 < {TARGET_P95_MS} ms per page with no errors: {verdict}")


if __name__ == "__main__":
    main()
