/**
 * The one typed way the Custom UI apps reach the backend: every resolver call goes through `callResolver`,
 * whose input and output types come from src/contracts/resolvers.ts. Only types are imported from there, so
 * the bundles do not carry zod.
 */
import { invoke, view } from '@forge/bridge';
import type { ResolverContract } from '../../src/contracts/resolvers';

type ResolverKey = keyof ResolverContract;
type ResolverOutput<N extends ResolverKey> = ResolverContract[N]['output'];

/** True when a resolver answered with its error shape (`ok: false`: a ResolverError or SavePolicyConflict) instead of data. */
export function isResolverError<T extends { ok: boolean }>(value: T): value is Extract<T, { ok: false }> {
  return !value.ok;
}

/**
 * Calls resolver `name` with `input` through @forge/bridge `invoke`.
 * A transport failure (the bridge rejecting) is turned into a `JIRA_ERROR` answer so the UI has one shape to show.
 * @example await callResolver('getSlaState', { issueKey: 'SUP-1' }) //=> { ok: true, now: '…', state: {…}, … }
 */
export async function callResolver<N extends ResolverKey>(name: N, input: ResolverContract[N]['input']): Promise<ResolverOutput<N>> {
  try {
    const answer = (await invoke(name, input as Record<string, unknown>)) as ResolverOutput<N> | undefined;
    if (answer === undefined || answer === null) {
      return { ok: false, code: 'JIRA_ERROR', message: `The ${name} resolver returned nothing.` } as ResolverOutput<N>;
    }
    return answer;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'JIRA_ERROR', message: `Could not reach the app: ${message}` } as ResolverOutput<N>;
  }
}

/** What the apps need from the Forge context: where they are, who is looking, in which zone and locale. */
export interface UiContext {
  issueKey: string | null;
  projectKey: string | null;
  accountId: string | null;
  timeZone: string;
  locale: string;
}

/** Who reads the page, as the apps print instants for them. */
export type Viewer = Pick<UiContext, 'timeZone' | 'locale'>;

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Reads the Forge context (issue and project for jira:issueContext, the viewer's zone and locale). */
export async function loadContext(): Promise<UiContext> {
  const context = (await view.getContext()) as {
    accountId?: string;
    timezone?: string;
    locale?: string;
    extension?: { issue?: { key?: string }; project?: { key?: string } };
  };
  return {
    issueKey: context.extension?.issue?.key ?? null,
    projectKey: context.extension?.project?.key ?? null,
    accountId: context.accountId ?? null,
    timeZone: context.timezone || browserTimeZone(),
    locale: (context.locale || navigator.language || 'en-US').replace('_', '-'),
  };
}

/** Lets the host apply Atlassian's light/dark design tokens to this frame; failures leave the fallbacks. */
export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // The CSS carries a fallback for every token, so the app stays readable without host theming.
  }
}
