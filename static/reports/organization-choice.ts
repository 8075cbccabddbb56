/**
 * An organization filter's value in a <select>: '' = every organization, NO_ORG = issues without one, else the
 * name. The report page, the quarterly review and the gadget's edit view share it. Pure, unit-tested in Node.
 */

/** The value standing for "(no organization)" (a name cannot start with NUL). */
export const NO_ORG = '\u0000none';

/**
 * The organization a select value stands for: undefined = all, null = issues without one.
 * @example organizationOfValue('') //=> undefined
 * @example organizationOfValue(NO_ORG) //=> null
 */
export function organizationOfValue(value: string): string | null | undefined {
  if (value === '') return undefined;
  return value === NO_ORG ? null : value;
}

/**
 * The select value of an organization (the inverse of organizationOfValue).
 * @example valueOfOrganization(null) //=> NO_ORG
 */
export function valueOfOrganization(organization: string | null | undefined): string {
  if (organization === undefined) return '';
  return organization === null ? NO_ORG : organization;
}
