/**
 * Validates requests and responses of the Jira emulator against the Jira Cloud platform OpenAPI document.
 * The 2.3 MB document is parsed once per process; only the schemas of operations actually served are compiled,
 * on first use, so a test run pays for the few operations it touches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Atlassian's Jira Cloud platform OpenAPI document, kept in the repository (`emulator/jira/spec/`), or the file named by SLA_JIRA_SPEC. */
export const DEFAULT_SPEC_PATH = process.env.SLA_JIRA_SPEC ?? join(__dirname, 'spec', 'jira-platform.v3.json');

interface MediaType {
  schema?: unknown;
}
interface ParameterObject {
  name: string;
  in: string;
  required?: boolean;
  schema?: { type?: string; items?: { type?: string } };
}
interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, MediaType>; required?: boolean };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: Record<string, unknown>;
}

const documents = new Map<string, OpenApiDocument>();

function loadDocument(path: string): OpenApiDocument {
  let doc = documents.get(path);
  if (!doc) {
    doc = JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
    documents.set(path, doc);
  }
  return doc;
}

/** Rewrites local `#/components/...` references of an inline schema so they resolve inside the registered document. */
function anchorRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchorRefs);
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `jira${v}` : anchorRefs(v);
    }
    return out;
  }
  return schema;
}

/**
 * ajv looks properties up with `data[name] !== undefined`, so a schema property named like an Object.prototype
 * member (ChangeDetails has `toString`) is "found" on the prototype when the data omits it. Such errors are
 * dropped when the object does not own the property.
 */
function isPrototypeArtefact(data: unknown, instancePath: string): boolean {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = segments.pop();
  if (last === undefined || !(last in Object.prototype)) return false;
  let parent: unknown = data;
  for (const seg of segments) parent = (parent as Record<string, unknown> | undefined)?.[seg];
  return !!parent && typeof parent === 'object' && !Object.prototype.hasOwnProperty.call(parent, last);
}

export class SpecValidator {
  private readonly doc: OpenApiDocument;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(specPath: string = DEFAULT_SPEC_PATH) {
    this.doc = loadDocument(specPath);
    this.ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: this.doc.components }, 'jira');
  }

  /** The operation for a spec path template such as `/rest/api/3/issue/{issueIdOrKey}`, or undefined. */
  operation(method: string, template: string): OperationObject | undefined {
    return this.doc.paths[template]?.[method.toLowerCase()];
  }

  private compile(cacheKey: string, schema: unknown): ValidateFunction | null {
    if (this.compiled.has(cacheKey)) return this.compiled.get(cacheKey) ?? null;
    let fn: ValidateFunction | null = null;
    if (schema && typeof schema === 'object' && Object.keys(schema).length > 0) {
      fn = this.ajv.compile(anchorRefs(schema) as object);
    }
    this.compiled.set(cacheKey, fn);
    return fn;
  }

  private check(fn: ValidateFunction | null, data: unknown, where: string): string[] {
    if (!fn) return [];
    if (fn(data)) return [];
    const errors = (fn.errors ?? []).filter((e) => !isPrototypeArtefact(data, e.instancePath));
    return errors
      .slice(0, 5)
      .map(
        (e) =>
          `${where}: ${e.instancePath || '/'} ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      );
  }

  /** Problems with a request body (empty when it conforms or the operation documents no JSON body). */
  validateRequest(method: string, template: string, body: unknown): string[] {
    const op = this.operation(method, template);
    const where = `${method.toUpperCase()} ${template} request`;
    if (!op) return [`${where}: operation not in the spec`];
    const media = op.requestBody?.content?.['application/json'];
    if (!media) return [];
    if (body === undefined) return op.requestBody?.required ? [`${where}: body required`] : [];
    return this.check(this.compile(`${method} ${template} req`, media.schema), body, where);
  }

  /**
   * Problems with the query string: parameters the operation does not declare (Jira ignores them silently, which
   * hides mistakes such as `startAt` on the token-paginated search), missing required ones, and values that are
   * not of the declared scalar type (integer, boolean).
   */
  validateQuery(method: string, template: string, query: URLSearchParams): string[] {
    const op = this.operation(method, template);
    const where = `${method.toUpperCase()} ${template} query`;
    if (!op) return [`${where}: operation not in the spec`];
    const declared = new Map((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
    const problems: string[] = [];
    for (const name of new Set(query.keys())) {
      const param = declared.get(name);
      if (!param) {
        problems.push(`${where}: unknown parameter '${name}'`);
        continue;
      }
      const type = param.schema?.type === 'array' ? param.schema.items?.type : param.schema?.type;
      for (const value of query.getAll(name)) {
        const parts = param.schema?.type === 'array' ? value.split(',') : [value];
        for (const v of parts) {
          if (type === 'integer' && !/^-?\d+$/.test(v)) problems.push(`${where}: '${name}' must be an integer, got '${v}'`);
          if (type === 'boolean' && v !== 'true' && v !== 'false') problems.push(`${where}: '${name}' must be true or false, got '${v}'`);
        }
      }
    }
    for (const p of declared.values())
      if (p.required && !query.has(p.name)) problems.push(`${where}: required parameter '${p.name}' missing`);
    return problems;
  }

  /** Problems with a response: an undocumented status, or a JSON body that does not match the status's schema. */
  validateResponse(method: string, template: string, status: number, body: unknown): string[] {
    const op = this.operation(method, template);
    const where = `${method.toUpperCase()} ${template} response ${status}`;
    if (!op) return [`${where}: operation not in the spec`];
    const response = op.responses?.[String(status)] ?? op.responses?.default;
    if (!response) return [`${where}: status not documented for this operation`];
    const media = response.content?.['application/json'];
    if (!media || body === undefined) return [];
    return this.check(this.compile(`${method} ${template} ${status}`, media.schema), body, where);
  }
}

let shared: SpecValidator | undefined;
/** One validator per process: the document is parsed and compiled schemas are reused across emulators. */
export function sharedSpecValidator(): SpecValidator {
  shared ??= new SpecValidator();
  return shared;
}
