// The sandbox's stand-in for the Forge host: the real @forge/bridge inside the Custom UI bundle calls
// window.__bridge.callBridge(command, data); here invokes go over HTTP to the sandbox, which runs the real
// resolver handler through the Forge runtime shim as the user named in this frame's URL.
(function () {
  var params = new URLSearchParams(location.search);
  var who = {
    app: params.get('app') || '',
    moduleKey: params.get('module') || '',
    accountId: params.get('as') || 'agent',
    issueKey: params.get('issue') || null,
    projectKey: params.get('project') || null,
    theme: params.get('theme') === 'dark' ? 'dark' : 'light',
    timeZone: params.get('tz') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    locale: params.get('locale') || navigator.language || 'en-US',
    // A dashboard gadget: which gadget on the dashboard, and 'edit' when this frame is its edit view.
    gadgetId: params.get('gadget') || 'gadget-1',
    entryPoint: params.get('entry') || null,
  };

  function context() {
    // The report app serves three module types; the page names which one this frame is (type=...).
    var extension = { type: params.get('type') || (who.app === 'admin' ? 'jira:adminPage' : 'jira:issueContext') };
    if (who.issueKey) extension.issue = { key: who.issueKey, id: params.get('issueId') || '', type: 'Service request' };
    if (who.projectKey) extension.project = { key: who.projectKey, id: params.get('projectId') || '', type: 'service_desk' };
    return {
      accountId: who.accountId,
      cloudId: 'sandbox-cloud',
      environmentId: 'sandbox',
      environmentType: 'DEVELOPMENT',
      localId: 'sandbox-' + who.moduleKey,
      locale: who.locale,
      moduleKey: who.moduleKey,
      siteUrl: location.origin,
      timezone: who.timeZone,
      theme: { colorMode: who.theme },
      extension: extension,
    };
  }

  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      function (response) {
        return response.json().then(function (answer) {
          return { status: response.status, body: answer };
        });
      },
    );
  }

  // Jira hands a gadget (view and edit view) its saved configuration in the context, {} until one is saved.
  function gadgetContext() {
    var base = context();
    if (base.extension.type !== 'jira:dashboardGadget') return Promise.resolve(base);
    if (who.entryPoint) base.extension.entryPoint = who.entryPoint;
    base.extension.gadget = { id: who.gadgetId };
    return post('/bridge/gadget-configuration', { moduleKey: who.moduleKey, gadgetId: who.gadgetId }).then(function (answer) {
      if (answer.status !== 200) throw new Error(answer.body.error || 'The gadget configuration could not be read.');
      base.extension.gadgetConfiguration = answer.body.configuration;
      return base;
    });
  }

  // view.submit: only a gadget's edit view may submit (false otherwise, as Forge's host answers); the host page
  // then shows the gadget's view again with the saved configuration.
  function submit(payload) {
    return post('/bridge/submit', {
      moduleKey: who.moduleKey,
      gadgetId: who.gadgetId,
      entryPoint: who.entryPoint,
      payload: payload,
    }).then(function (answer) {
      if (answer.status === 403) return false;
      if (answer.status !== 200) throw new Error(answer.body.error || 'The configuration was not saved.');
      if (window.parent !== window) {
        window.parent.postMessage({ type: 'sandbox:gadget-submitted', gadgetId: who.gadgetId }, location.origin);
      }
      return true;
    });
  }

  function enableTheming() {
    var html = document.documentElement;
    html.setAttribute('data-color-mode', who.theme);
    html.setAttribute('data-theme', 'dark:dark light:light');
    if (!document.getElementById('sandbox-tokens')) {
      var link = document.createElement('link');
      link.id = 'sandbox-tokens';
      link.rel = 'stylesheet';
      link.href = '/sandbox/tokens.css';
      document.head.appendChild(link);
    }
  }

  function invoke(data) {
    return fetch('/bridge/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        moduleKey: who.moduleKey,
        functionKey: data.functionKey,
        payload: data.payload || {},
        accountId: who.accountId,
        issueKey: who.issueKey,
        projectKey: who.projectKey,
      }),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (!answer.ok) throw new Error(answer.error || 'The resolver failed.');
        return answer.body;
      });
  }

  // Report the content height so the host page sizes the frame like Jira does (no inner scrollbar).
  function reportHeight() {
    if (window.parent === window) return;
    window.parent.postMessage(
      { type: 'sandbox:height', app: who.app, height: Math.ceil(document.documentElement.scrollHeight) },
      location.origin,
    );
  }
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver(reportHeight).observe(document.documentElement);
  }

  // Jira's global page URL keeps the sub-path an app navigated to; the sandbox's reports page passes it as `path`.
  function createHistory() {
    var location = { pathname: '/' + (params.get('path') || ''), search: '', hash: '', state: null, key: 'default' };
    return {
      location: location,
      action: 'POP',
      listen: function () {
        return function () {};
      },
      push: function (path) {
        navigate({ target: 'module', moduleKey: who.moduleKey, path: String(path).replace(/^\//, ''), type: 'same-tab' });
      },
    };
  }

  // router.navigate / router.open: a module target opens the sandbox page that hosts it (the report modules: /reports),
  // in this tab or a new one, as the same person and theme; a URL opens as is.
  function navigate(data) {
    var url = data.url;
    if (!url && data.target === 'module') {
      var q = new URLSearchParams({ as: who.accountId, theme: who.theme });
      if (data.path) q.set('path', data.path);
      url = '/reports?' + q.toString();
    }
    if (!url && data.target === 'issue') url = '/?issue=' + encodeURIComponent(data.issueKey);
    if (!url) return Promise.reject(new Error('The sandbox cannot navigate to ' + JSON.stringify(data)));
    if (data.type === 'new-tab') window.open(url, '_blank');
    else window.top.location.href = url;
    return Promise.resolve();
  }

  window.__bridge = {
    callBridge: function (command, data) {
      switch (command) {
        case 'invoke':
          return invoke(data);
        case 'getContext':
          return gadgetContext();
        case 'createHistory':
          return Promise.resolve(createHistory());
        case 'navigate':
          return navigate(data);
        case 'submit':
          return submit(data);
        case 'enableTheming':
          enableTheming();
          return Promise.resolve();
        case 'resize':
          reportHeight();
          return Promise.resolve();
        default:
          return Promise.resolve(undefined);
      }
    },
  };
})();
