/** The admin page before it can show the editor: loading, a refusal for non-admins, and a failed load. */

export function Loading() {
  return (
    <main className="admin" aria-busy="true">
      <h1>SLA Ladder</h1>
      <p role="status">Loading settings…</p>
    </main>
  );
}

export function Refusal({ message }: { message: string }) {
  return (
    <main className="admin" aria-labelledby="admin-h">
      <h1 id="admin-h">SLA Ladder</h1>
      <div className="refusal" role="alert" data-testid="refusal">
        <h2>Only Jira admins can manage SLA policies</h2>
        <p className="subtle">{message}</p>
      </div>
    </main>
  );
}

export function LoadFailed({ message }: { message: string }) {
  return (
    <main className="admin">
      <div role="alert" className="refusal">
        <h2>The settings could not be loaded</h2>
        <p className="subtle">{message}</p>
      </div>
    </main>
  );
}
