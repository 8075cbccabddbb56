/**
 * The Quarterly Business Review pack: one organization, one quarter; the three monthly reports side by side with
 * the quarter's total, the quarter before and the change (getQuarterlyReview). Printable on A4 landscape; the
 * CSV export holds the table's numbers (quarterly-rows.ts builds both).
 */
import { useEffect, useState } from 'react';
import type { GetQuarterlyReviewOk } from '../../src/contracts/reports';
import { callResolver, isResolverError, type Viewer } from '../shared/api';
import { organizationOfValue, valueOfOrganization } from './organization-choice';
import { organizationLabel } from './report-csv';
import { downloadCsv } from '../shared/download';
import { reviewColumns, reviewCsv, reviewCsvFileName, reviewRows, reviewValueText, type ReviewRow } from './quarterly-rows';

/** Only while the review shows: the page prints on A4 landscape (six value columns do not fit portrait). */
const PRINT_PAGE = '@page { size: A4 landscape; margin: 12mm; }';

const SECTION_TITLES: Record<ReviewRow['section'], string> = { metric: '', priority: 'Requests by SLA priority', breaches: 'Breaches' };

function rowKey(row: ReviewRow): string {
  return `${row.section}:${row.metric ?? row.priority ?? ''}:${row.figure}`;
}

type Loaded = { kind: 'loading' } | { kind: 'ok'; value: GetQuarterlyReviewOk } | { kind: 'error'; message: string };

export function QuarterlyReview({
  projectKey,
  viewer,
  organizations,
  initialQuarter,
}: {
  projectKey: string | null;
  viewer: Viewer;
  /** the organizations with outcomes (getReportFilters); null = issues without one */
  organizations: ReadonlyArray<string | null>;
  initialQuarter: string;
}) {
  const [organization, setOrganization] = useState(organizations.length > 0 ? valueOfOrganization(organizations[0]) : '');
  const [quarter, setQuarter] = useState(initialQuarter);
  const [review, setReview] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    const chosen = organizationOfValue(organization);
    if (chosen === undefined) return;
    setReview({ kind: 'loading' });
    let current = true; // a late answer to an earlier choice is dropped
    void callResolver('getQuarterlyReview', {
      quarter,
      organization: chosen,
      timeZone: viewer.timeZone,
      ...(projectKey ? { projectKey } : {}),
    }).then((answer) => {
      if (current) setReview(isResolverError(answer) ? { kind: 'error', message: answer.message } : { kind: 'ok', value: answer });
    });
    return () => {
      current = false;
    };
  }, [organization, quarter, projectKey, viewer.timeZone]);

  if (organizations.length === 0) return <p className="subtle">No organization has SLA outcomes in the projects you can browse.</p>;
  return (
    <section className="qbr" aria-labelledby="qbr-h" data-testid="qbr">
      <style>{`@media print { ${PRINT_PAGE} }`}</style>
      <header className="report-header">
        <h2 id="qbr-h">
          Quarterly business review — {organizationLabel(organizationOfValue(organization) ?? null)} — {quarter}
        </h2>
        <span className="qbr-actions">
          <button type="button" className="button" onClick={() => window.print()}>
            Print
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={review.kind !== 'ok'}
            onClick={() => review.kind === 'ok' && downloadCsv(reviewCsv(review.value), reviewCsvFileName(review.value))}
          >
            Export review CSV
          </button>
        </span>
      </header>
      <form className="report-filters qbr-pickers" aria-label="Review filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span className="field-label">Organization</span>
          <select value={organization} onChange={(e) => setOrganization(e.target.value)}>
            {organizations.map((o) => (
              <option key={valueOfOrganization(o)} value={valueOfOrganization(o)}>
                {organizationLabel(o)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="field-label">Quarter (YYYY-Qn)</span>
          <input
            defaultValue={quarter}
            pattern="\d{4}-Q[1-4]"
            aria-label="Quarter"
            onChange={(e) => /^\d{4}-Q[1-4]$/.test(e.target.value) && setQuarter(e.target.value)}
          />
        </label>
      </form>
      {review.kind === 'loading' ? <p className="subtle">Loading the review…</p> : null}
      {review.kind === 'error' ? <p role="alert">{review.message}</p> : null}
      {review.kind === 'ok' ? <ReviewTable review={review.value} /> : null}
    </section>
  );
}

function ReviewTable({ review }: { review: GetQuarterlyReviewOk }) {
  const columns = reviewColumns(review);
  const rows = reviewRows(review);
  const changeIndex = columns.length - 1;
  return (
    <>
      <p className="subtle" data-testid="qbr-scope">
        {review.quarter} ({review.timeZone}) · {organizationLabel(review.organization)} · projects:{' '}
        {review.projectKeys.join(', ') || 'none you can browse'}
      </p>
      <table className="figures qbr-table" data-testid="qbr-table">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {columns.map((c, i) => (
              <th scope="col" key={c.key} className={i >= changeIndex - 2 ? 'qbr-summary' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const previous = rows[index - 1];
            const group = row.metric ?? SECTION_TITLES[row.section];
            const startsGroup = previous === undefined || (previous.metric ?? SECTION_TITLES[previous.section]) !== group;
            return [
              startsGroup ? (
                <tr key={`${rowKey(row)}/group`} className="qbr-group">
                  <th scope="colgroup" colSpan={columns.length + 1}>
                    {group}
                  </th>
                </tr>
              ) : null,
              <tr key={rowKey(row)} data-row={rowKey(row)}>
                <th scope="row">{row.label}</th>
                {row.values.map((value, i) => (
                  <td
                    key={columns[i]!.key}
                    className={i >= changeIndex - 2 ? 'qbr-summary' : undefined}
                    data-column={columns[i]!.key}
                    data-value={value ?? ''}
                  >
                    {reviewValueText(value, row.kind, i === changeIndex)}
                  </td>
                ))}
              </tr>,
            ];
          })}
        </tbody>
      </table>
    </>
  );
}
