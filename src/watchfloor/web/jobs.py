"""Ingest from the web: one background thread runs the jobs in turn, progress in memory.

A job is an uploaded file (saved to a private temporary folder) or a URL
(fetched through the guarded fetcher, which refuses private addresses). It
runs the flow like ``watchfloor ingest`` (``watchfloor.ingest.ingest``: store,
then annotate and link), with the theatre the server was started with; its
state is a ``IngestJob`` model the API returns as is. Jobs run one at a time so
two uploads never race on the same store.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from watchfloor import query
from watchfloor.ingest import Progress, RunFailed, ingest
from watchfloor.store import Store
from watchfloor.theatres import Theatre
from watchfloor.web.models import IngestJob

log = logging.getLogger(__name__)

KEEP_JOBS = 100  # finished jobs remembered for polling


class IngestJobs:
    def __init__(self, store: Store, *, theatre: Theatre | None = None) -> None:
        self.store = store
        self.theatre = theatre
        self._jobs: dict[str, IngestJob] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="watchfloor-ingest")

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.model_copy(deep=True) if job else None

    def submit(self, inputs: list[str], *, cleanup: Path | None, nlp: bool) -> IngestJob:
        job = IngestJob(job=secrets.token_urlsafe(12), status="queued", stage="waiting", inputs=[])
        job.inputs = [Path(i).name if cleanup else i for i in inputs]
        with self._lock:
            self._jobs[job.job] = job
            finished = [k for k, j in self._jobs.items() if j.status in ("done", "failed")]
            for key in finished[: max(0, len(self._jobs) - KEEP_JOBS)]:
                del self._jobs[key]
        self._pool.submit(self._run, job, inputs, cleanup, nlp)
        return job.model_copy(deep=True)

    def _update(self, job: IngestJob, **changes: object) -> None:
        with self._lock:
            for key, value in changes.items():
                setattr(job, key, value)

    def _run(self, job: IngestJob, inputs: list[str], cleanup: Path | None, nlp: bool) -> None:
        self._update(job, status="running", stage="ingest")

        def on_progress(p: Progress) -> None:
            if p.run is None:  # opening the gazetteer is part of annotating
                self._update(job, stage="annotate" if p.stage == "gazetteer" else p.stage)
                return
            r = p.run
            self._update(
                job,
                inputs_done=p.done,
                inputs_total=p.total or 0,
                run=r.id,
                stored=r.stored,
                versions=r.versions,
                duplicates=r.duplicates,
            )

        try:
            result = ingest(
                inputs, store=self.store, theatre=self.theatre, nlp=nlp, on_progress=on_progress
            )
            run, findings = result.run, result.findings
            self._update(
                job,
                status="done",
                stage="finished",
                run=run.id,
                stored=run.stored,
                versions=run.versions,
                duplicates=run.duplicates,
                errors=[
                    f"{Path(e.origin).name if cleanup else e.origin}: {e.reason}"
                    for e in result.errors
                ],
                annotated=findings.annotated.articles if findings else None,
                not_analysed=[
                    f"{Path(doc).name if cleanup else doc}: {reason}"
                    for doc, reason in (findings.annotated.skipped if findings else [])
                ],
                coverage=query.coverage_line(query.coverage(self.store, found=False)),
                relations=findings.linked.relations if findings else None,
            )
        except RunFailed as exc:  # the run is closed as failed; the server goes on
            log.warning("ingest job %s: %s", job.job, exc)
            self._update(job, status="failed", stage="finished", run=exc.run.id, error=str(exc))
        except Exception as exc:  # the store could not be used; the server goes on
            log.exception("ingest job %s failed", job.job)
            self._update(job, status="failed", stage="finished", error=str(exc) or repr(exc))
        finally:
            if cleanup is not None:
                shutil.rmtree(cleanup, ignore_errors=True)

    def upload_folder(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="watchfloor-upload-"))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
