/** The admin page's table of where policies apply: the site default and each project, the chosen one marked. */
import type { AdminOverviewOk } from '../../src/contracts/resolvers';
import { scopeKey } from './editor-model';

export function Assignments({
  overview,
  selected,
  onChoose,
}: {
  overview: AdminOverviewOk;
  /** the chosen scope key */
  selected: string;
  onChoose: (scopeKey: string) => void;
}) {
  return (
    <table className="assignments">
      <thead>
        <tr>
          <th scope="col">Scope</th>
          <th scope="col">Policy</th>
          <th scope="col">Version</th>
        </tr>
      </thead>
      <tbody>
        <tr data-scope="site" className={selected === 'site' ? 'selected' : undefined}>
          <th scope="row">
            <button type="button" className="link" aria-current={selected === 'site' ? 'true' : undefined} onClick={() => onChoose('site')}>
              Site default
            </button>
          </th>
          <td>{overview.site ? overview.site.name : <span className="subtle">none</span>}</td>
          <td>{overview.site ? `v${overview.site.version}` : ''}</td>
        </tr>
        {overview.projects.map((project) => {
          const key = scopeKey({ kind: 'project', projectKey: project.key });
          return (
            <tr key={project.key} data-scope={key} className={selected === key ? 'selected' : undefined}>
              <th scope="row">
                <button type="button" className="link" aria-current={selected === key ? 'true' : undefined} onClick={() => onChoose(key)}>
                  {project.name} ({project.key})
                </button>
              </th>
              <td>{project.policy ? project.policy.name : <span className="subtle">site default</span>}</td>
              <td>{project.policy ? `v${project.policy.version}` : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
