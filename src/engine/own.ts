/**
 * Lookups of user-named things (plans, priorities, metrics, organizations, regions, field names) in plain objects by own
 * entries only, so `constructor` or `toString` are ordinary names and never reach Object.prototype.
 */

/**
 * The value of the object's own entry `key`, or undefined.
 *
 * @example
 * ownValue({ standard: 1 }, 'standard')    //=> 1
 * ownValue({ standard: 1 }, 'constructor') //=> undefined (not Object.prototype.constructor)
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record !== null && record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
