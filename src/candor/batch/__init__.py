"""`candor batch`: the analysis pipeline mapped over a whole corpus with Dask.

    from candor.batch import expand, Job, run_batch, finish
    inputs, _ = expand(["transcripts/"])
    result = run_batch(inputs, Path("coded"), Job(), workers=2)

Modules: `inputs` (what to read), `tables` (what is written and how ids are
made), `work` (one part, as a worker does it), `run` (parts over Dask,
resume), `finish` (summary.html, CSV copies, run.json).
"""

from candor.batch.finish import finish
from candor.batch.inputs import Input, expand
from candor.batch.run import BatchResult, run_batch
from candor.batch.work import Job, RoleEntry, read_roles_file

__all__ = ["BatchResult", "Input", "Job", "RoleEntry", "expand", "finish", "read_roles_file", "run_batch"]
