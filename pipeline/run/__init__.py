"""Orchestration: the stages put together, from one document to a batch.

- :mod:`~pipeline.run.process`: one document end to end (extract → assemble → detect → segment → tag → link);
  :func:`~pipeline.run.process.warm_up` loads the tagger and the inference model once per process;
- :mod:`~pipeline.run.batch`: many documents, resumable per-document parts keyed by a settings fingerprint,
  the serial, process and Dask executors, and the run's outputs;
- :mod:`~pipeline.run.workers`: isolated worker processes with a time limit and a memory guard;
- :mod:`~pipeline.run.bench`: ``nexus bench``, the pipeline against raw pypdfium2 on the same files.
"""
