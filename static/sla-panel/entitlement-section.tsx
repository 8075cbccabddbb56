/**
 * The panel's entitlement section (docs/ui.md#entitlements): the request against its organization's plan, one line a
 * quota and one for registration, as the backend words them ("credit 6 of 5 this month: over plan"). Over plan or
 * not registered is flagged, never blocking: the vendor decides.
 */
import type { RequestEntitlement } from '../../src/engine/entitlements';

export function EntitlementSection({ entitlement }: { entitlement: RequestEntitlement | null | undefined }) {
  if (!entitlement) return null;
  const flagged = entitlement.flags.length > 0;
  return (
    <section
      aria-labelledby="entitlement-h"
      className={`section entitlement ${flagged ? 'entitlement-flagged' : ''}`}
      data-testid="entitlement"
    >
      <h3 id="entitlement-h" className="entitlement-head">
        Entitlement <span className="subtle">· {entitlement.organization}</span>
        {flagged ? (
          <span className="badge badge-warning" data-testid="entitlement-flag">
            {entitlement.flags.join(', ')}
          </span>
        ) : null}
      </h3>
      <ul className="entitlement-lines">
        {entitlement.lines.map((line) => (
          <li key={line} className={/: over|not a /.test(line) ? 'entitlement-over' : undefined}>
            {line}
          </li>
        ))}
      </ul>
    </section>
  );
}
