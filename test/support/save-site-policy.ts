/**
 * Saves `source` as the site policy through the app's real `savePolicy` resolver, as the emulator's admin, and
 * throws with the resolver's answer when it is refused: the first step of most end-to-end tests and SQL benches.
 *
 * @example await saveSitePolicy(sb, E2E_POLICY_YAML) // the site policy is version 1
 */
import type { ForgeSandbox } from '../../emulator';

export async function saveSitePolicy(sb: ForgeSandbox, source: string): Promise<void> {
  const answer = (await sb.invokeResolver('sla-admin', 'savePolicy', { scope: { kind: 'site' }, source }, { accountId: 'admin' })) as {
    ok: boolean;
  };
  if (!answer.ok) throw new Error(`savePolicy refused the site policy: ${JSON.stringify(answer)}`);
}
