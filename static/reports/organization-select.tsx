/**
 * The "Organization" menu of the report page and the gadget's edit view: "All organizations" (value '') and each
 * organization with outcomes, "(no organization)" among them, valued as ./organization-choice.ts says.
 */
import { valueOfOrganization } from './organization-choice';
import { organizationLabel } from './report-csv';

export function OrganizationSelect({
  value,
  organizations,
  onChange,
  name,
}: {
  value: string;
  organizations: ReadonlyArray<string | null>;
  onChange: (value: string) => void;
  name?: string;
}) {
  return (
    <label>
      <span className="field-label">Organization</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} name={name}>
        <option value="">All organizations</option>
        {organizations.map((o) => (
          <option key={valueOfOrganization(o)} value={valueOfOrganization(o)}>
            {organizationLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
