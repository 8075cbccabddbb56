/**
 * Progress of a recompute job: issues done / total and how many failed, in words; the bar shows the issues
 * handled (done or failed), so a job with failures still fills it when it finishes. A job part of which could not
 * finish (its retries ran out) says so, and what to do, as an alert.
 */
import type { RecomputeProgressOk } from '../../src/contracts/resolvers';

export function Progress({ job }: { job: RecomputeProgressOk }) {
  const handled = Math.min(job.total, job.done + job.failed);
  const percent = job.total === 0 ? 100 : Math.round((handled / job.total) * 100);
  return (
    <div className="recompute" data-testid="recompute-progress" data-finished={job.finished}>
      <div
        className="bar"
        role="progressbar"
        aria-label="Issues recomputed"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={handled}
        aria-valuetext={`${handled} of ${job.total} issues handled, ${job.failed} failed`}
      >
        <span className="bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <p role="status">
        {job.finished ? 'Recomputed' : 'Recomputing'} {job.done} / {job.total} issues
        {job.failed > 0 ? <span className="text-danger"> · {job.failed} failed</span> : ' · 0 failed'}
      </p>
      {job.problem ? (
        <p role="alert" className="text-danger" data-testid="recompute-problem">
          {job.problem}
        </p>
      ) : null}
    </div>
  );
}
