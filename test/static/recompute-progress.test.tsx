import { renderToStaticMarkup } from 'react-dom/server';
import { Progress } from '../../static/admin/recompute-progress';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('recompute progress', () => {
  it('says issues done / total and that none failed while it runs', () => {
    const html = renderToStaticMarkup(<Progress job={{ ok: true, jobId: 'j', total: 40, done: 10, failed: 0, finished: false }} />);
    expect(text(html)).toBe('Recomputing 10 / 40 issues · 0 failed');
    expect(html).toContain('width:25%');
    expect(html).toContain('aria-valuenow="10"');
  });

  it('counts failures in words and fills the bar with every issue handled once finished', () => {
    const html = renderToStaticMarkup(<Progress job={{ ok: true, jobId: 'j', total: 12, done: 10, failed: 2, finished: true }} />);
    expect(text(html)).toBe('Recomputed 10 / 12 issues · 2 failed');
    expect(html).toContain('class="text-danger"');
    expect(html).toContain('width:100%');
    expect(html).toContain('aria-valuetext="12 of 12 issues handled, 2 failed"');
  });

  it('says when part of the job could not finish, as an alert, and only then', () => {
    const problem =
      '1 of 2 parts of this job could not finish (gave up after 4 redeliveries: Jira unavailable): start the recompute again.';
    const html = renderToStaticMarkup(
      <Progress job={{ ok: true, jobId: 'j', total: 200, done: 100, failed: 100, finished: true, problem }} />,
    );
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain(problem);
    const fine = renderToStaticMarkup(<Progress job={{ ok: true, jobId: 'j', total: 200, done: 200, failed: 0, finished: true }} />);
    expect(fine).not.toContain('role="alert"');
  });
});
