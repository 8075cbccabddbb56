/**
 * Follows a recompute job until it finishes, asking less and less often (Forge storage read quota: see
 * progress-poll.ts); a failed ask is asked again later rather than giving up on the job.
 */
import { useEffect, useRef, useState } from 'react';
import type { RecomputeProgressOk } from '../../src/contracts/resolvers';
import { callResolver, isResolverError } from '../shared/api';
import { progressPollDelayMs } from './progress-poll';

/** The progress of a recompute job the server has just queued. */
export function queuedJob(recompute: { jobId: string; total: number }): RecomputeProgressOk {
  return { ok: true, jobId: recompute.jobId, total: recompute.total, done: 0, failed: 0, finished: recompute.total === 0 };
}

/** The job followed (null before the first) and a function to follow another one. */
export function useRecomputeJob(): [RecomputeProgressOk | null, (job: RecomputeProgressOk) => void] {
  const [job, setJob] = useState<RecomputeProgressOk | null>(null);
  const polls = useRef({ jobId: '', polled: 0 });
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    if (job === null || job.finished) return;
    if (polls.current.jobId !== job.jobId) polls.current = { jobId: job.jobId, polled: 0 };
    const timer = setTimeout(() => {
      polls.current.polled += 1;
      void callResolver('getRecomputeProgress', { jobId: job.jobId }).then((answer) => {
        if (!isResolverError(answer)) setJob(answer);
        else setRetry((n) => n + 1);
      });
    }, progressPollDelayMs(polls.current.polled));
    return () => clearTimeout(timer);
  }, [job, retry]);
  return [job, setJob];
}
