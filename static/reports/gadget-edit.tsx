/**
 * The dashboard gadget's edit view (manifest `edit` of jira:dashboardGadget): choose a project the viewer can
 * browse (or all of them) and an organization (or all); view.submit saves the choice as the gadget's
 * configuration, which Jira hands the gadget as `extension.gadgetConfiguration`.
 */
import { useEffect, useState } from 'react';
import { view } from '@forge/bridge';
import type { GadgetConfiguration, GetReportFiltersOk } from '../../src/contracts/reports';
import { callResolver, isResolverError, type Viewer } from '../shared/api';
import { configurationOf } from './gadget-scope';
import { valueOfOrganization } from './organization-choice';
import { OrganizationSelect } from './organization-select';

export function GadgetEdit({ configuration, viewer }: { configuration: GadgetConfiguration; viewer: Viewer }) {
  const [menus, setMenus] = useState<GetReportFiltersOk | { error: string } | null>(null);
  const [project, setProject] = useState(configuration.projectKey ?? '');
  const [organization, setOrganization] = useState(valueOfOrganization(configuration.organization));
  const [saving, setSaving] = useState<string | null>(null);
  useEffect(() => {
    void callResolver('getReportFilters', { timeZone: viewer.timeZone }).then((answer) =>
      setMenus(isResolverError(answer) ? { error: answer.message } : answer),
    );
  }, [viewer.timeZone]);
  if (menus === null) return <p className="subtle gadget-edit">Loading…</p>;
  if ('error' in menus)
    return (
      <p className="gadget-edit" role="alert">
        {menus.error}
      </p>
    );
  // A saved project the viewer can no longer browse stays visible, so saving again is a choice, not an accident.
  const projects = project && !menus.projectKeys.includes(project) ? [project, ...menus.projectKeys] : menus.projectKeys;
  const save = () => {
    setSaving('Saving…');
    view.submit(configurationOf(project, organization, configuration)).then(
      () => setSaving(null),
      (error: unknown) => setSaving(`Could not save: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  return (
    <form
      className="gadget-edit"
      aria-label="Gadget settings"
      data-testid="gadget-edit"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label>
        <span className="field-label">Project</span>
        <select value={project} onChange={(e) => setProject(e.target.value)} name="project">
          <option value="">All projects you can browse</option>
          {projects.map((key) => (
            <option key={key} value={key}>
              {menus.projectKeys.includes(key) ? key : `${key} (you cannot browse it)`}
            </option>
          ))}
        </select>
      </label>
      <OrganizationSelect value={organization} organizations={menus.organizations} onChange={setOrganization} name="organization" />
      <p>
        <button type="submit" className="button button-primary" disabled={saving === 'Saving…'}>
          Save
        </button>
      </p>
      {saving && saving !== 'Saving…' ? <p role="alert">{saving}</p> : null}
    </form>
  );
}
