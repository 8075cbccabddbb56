/**
 * The one small router of the emulator's and the sandbox's HTTP servers: routes by method and path template
 * (`/rest/api/3/issue/{issueIdOrKey}`, the OpenAPI document's syntax), first added first matched.
 */

/** What a request matched: the handler, the template (for records and spec checks) and the decoded parameters. */
export interface RouteMatch<H> {
  handler: H;
  template: string;
  params: string[];
}

export class Router<H> {
  private readonly routes: Array<{ method: string; template: string; regex: RegExp; handler: H }> = [];

  /**
   * Adds a route. `{name}` matches one path segment; a last `{name*}` matches the rest of the path, slashes
   * included (possibly empty). A trailing slash on the request is ignored.
   *
   * @example
   * new Router<string>().add('GET', '/apps/{app}/{file*}', 'h').match('GET', '/apps/admin/a/b.js')
   * //=> { handler: 'h', template: '/apps/{app}/{file*}', params: ['admin', 'a/b.js'] }
   */
  add(method: string, template: string, handler: H): this {
    const pattern = template
      .replace(/[.+?^$()[\]\\|]/g, '\\$&')
      .replace(/\{[^}*]+\*\}$/, '(.*)')
      .replace(/\{[^}*]+\}/g, '([^/]+)');
    this.routes.push({ method, template, regex: new RegExp(`^${pattern}/?$`), handler });
    return this;
  }

  /** The first route of `method` whose template matches `path` (not decoded), or undefined. */
  match(method: string, path: string): RouteMatch<H> | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (m) return { handler: route.handler, template: route.template, params: m.slice(1).map(decodeURIComponent) };
    }
    return undefined;
  }
}
