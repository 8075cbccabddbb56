/** Small HTTP helpers for talking to the Jira emulator as the app or as a user in tests. */
export type As = 'app' | string;

export async function call(
  baseUrl: string,
  as: As,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'x-emulator-principal': as === 'app' ? 'app' : `user:${as}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
