/**
 * What the app stores must fit Forge's KVS limits (per value: 240 KiB of JSON; keys ≤ 500 characters). The only
 * value whose size a user controls is a policy's YAML source, so a save checks its stored size first and refuses,
 * with a message the admin can act on, what Forge would refuse with an error the admin could not.
 */

/** Forge KVS: the largest value, as JSON bytes (developer.atlassian.com/platform/forge/limits-kvs-ce). */
export const KVS_MAX_VALUE_BYTES = 240 * 1024;
/** Room kept in a policy record for everything but the source (version, instants, preset id). */
const POLICY_RECORD_OVERHEAD_BYTES = 1_024;

/**
 * Why `source` cannot be stored as a policy, or null when it fits. Counted as Forge counts it: the bytes of the
 * JSON text, where a non-ASCII character takes 2–3 bytes and a newline or quote 2.
 *
 * @example
 * policySourceSizeProblem('id: a') //=> null
 * policySourceSizeProblem('漢'.repeat(90_000)) //=> 'The policy takes 263 KB in Forge storage, which keeps at most 239 KB …'
 */
export function policySourceSizeProblem(source: string): string | null {
  const bytes = Buffer.byteLength(JSON.stringify(source));
  const room = KVS_MAX_VALUE_BYTES - POLICY_RECORD_OVERHEAD_BYTES;
  if (bytes <= room) return null;
  return `The policy takes ${Math.ceil(bytes / 1024)} KB in Forge storage, which keeps at most ${Math.floor(room / 1024)} KB for a policy: shorten comments or long texts (non-English letters take 2–3 bytes each).`;
}
