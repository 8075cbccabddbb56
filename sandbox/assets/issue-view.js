// The sandbox's Jira-like issue view: issue list, the open issue with its fields and comments, actions as users,
// clock control, and the real SLA panel bundle in a frame. After every action the panel frame reloads, as Jira
// re-renders an issue-context panel when the issue changes.
(function () {
  var s = window.sandbox;
  var site = null;
  var current = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'on')
        Object.keys(attrs.on).forEach(function (e) {
          node.addEventListener(e, attrs.on[e]);
        });
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function lozenge(status) {
    if (!status) return null;
    // 'none' is the app's status for an issue whose plan and priority have no target: say that, not "none".
    return el('span', { class: 'lozenge ' + status.replace(/\s+/g, '-'), text: status === 'none' ? 'no target' : status });
  }

  function options(select, values, selected, labels) {
    select.innerHTML = '';
    values.forEach(function (v, i) {
      var option = el('option', { value: v, text: labels ? labels[i] : v || '(none)' });
      if (v === selected) option.selected = true;
      select.appendChild(option);
    });
  }

  function displayName(accountId) {
    var user = site.users.find(function (u) {
      return u.accountId === accountId;
    });
    return user ? user.displayName : accountId;
  }

  function project(key) {
    return (
      site.projects.find(function (p) {
        return p.key === key;
      }) || { key: key, plans: [] }
    );
  }

  function renderList() {
    var filter = document.getElementById('project-filter').value;
    var list = document.getElementById('issue-list');
    list.innerHTML = '';
    site.issues
      .filter(function (i) {
        return !filter || i.projectKey === filter;
      })
      .forEach(function (i) {
        var link = el('a', { href: '?issue=' + i.key, 'data-key': i.key, 'aria-current': String(i.key === s.settings.issue) }, [
          el('span', { class: 'key', text: i.key }),
          i.summary,
          el('span', { class: 'meta' }, [i.status + ' · ' + i.priority + (i.plan ? ' · ' + i.plan : '') + ' ', lozenge(i.slaStatus)]),
        ]);
        link.addEventListener('click', function (event) {
          event.preventDefault();
          open(i.key);
        });
        list.appendChild(el('li', { 'data-key': i.key }, [link]));
      });
  }

  /** Runs an action on the emulated site; its error shows next to `control`, the element that asked for it. */
  function act(path, body, control) {
    s.showError(null);
    return s.api('POST', path, body).then(refresh, function (error) {
      s.showError(error, control);
    });
  }

  function renderIssue() {
    var pane = document.getElementById('issue');
    pane.innerHTML = '';
    if (!current) {
      pane.appendChild(el('p', { text: 'Choose an issue.' }));
      return;
    }
    var i = current;
    var status = el('select', { id: 'status-select', 'aria-label': 'Status' });
    options(status, site.statuses, i.status);
    status.onchange = function () {
      act('/api/issues/' + i.key + '/status', { status: status.value, as: 'agent' }, status);
    };
    var priority = el('select', { id: 'priority-select', 'aria-label': 'Priority' });
    options(priority, site.priorities, i.priority);
    priority.onchange = function () {
      act('/api/issues/' + i.key + '/priority', { priority: priority.value, as: 'agent' }, priority);
    };
    var plans = [''].concat(project(i.projectKey).plans);
    if (i.plan && plans.indexOf(i.plan) === -1) plans.push(i.plan);
    var plan = el('select', { id: 'plan-select', 'aria-label': 'Support plan' });
    options(plan, plans, i.plan || '');
    plan.onchange = function () {
      act('/api/issues/' + i.key + '/plan', { plan: plan.value, as: 'agent' }, plan);
    };

    // Fields a policy reads (organization, region, impact, urgency): a select of the values the presets name, or
    // free text for Organizations (names separated by commas).
    var fieldRows = [];
    i.policyFields.forEach(function (f) {
      var id = 'field-' + f.name.toLowerCase();
      var control;
      if (f.options.length > 0) {
        control = el('select', { id: id, 'aria-label': f.name });
        var values = [''].concat(f.options);
        if (f.value && values.indexOf(f.value) === -1) values.push(f.value);
        options(control, values, f.value || '');
        control.onchange = function () {
          act('/api/issues/' + i.key + '/field', { field: f.name, value: control.value, as: 'agent' }, control);
        };
      } else {
        var input = el('input', { id: id, 'aria-label': f.name, value: f.value || '', placeholder: 'e.g. Acme Corp' });
        var set = el('button', { type: 'submit', text: 'Set' });
        control = el('form', { class: 'row inline-form', 'data-error-anchor': '' }, [input, set]);
        control.onsubmit = function (event) {
          event.preventDefault();
          act('/api/issues/' + i.key + '/field', { field: f.name, value: input.value, as: 'agent' }, control);
        };
      }
      fieldRows.push(el('dt', { text: f.name }), el('dd', {}, [control]));
    });

    // Labels: remove one with its button, add one (e.g. escalation-requested, plan-premium).
    var labelInput = el('input', {
      id: 'label-input',
      'aria-label': 'Label to add',
      placeholder: 'escalation-requested',
      list: 'label-suggestions',
    });
    var labelForm = el('form', { class: 'row inline-form', id: 'label-form', 'data-error-anchor': '' }, [
      labelInput,
      el('button', { type: 'submit', id: 'label-add', text: 'Add label' }),
    ]);
    labelForm.onsubmit = function (event) {
      event.preventDefault();
      if (!labelInput.value.trim()) return;
      act('/api/issues/' + i.key + '/labels', { add: labelInput.value.trim(), as: 'agent' }, labelForm);
    };
    var labelList = el(
      'ul',
      { class: 'labels', id: 'labels' },
      i.labels.map(function (label) {
        var remove = el('button', { type: 'button', class: 'label-remove', 'aria-label': 'Remove label ' + label, text: '×' });
        var item = el('li', { 'data-label': label }, [el('span', { text: label }), remove]);
        remove.onclick = function () {
          act('/api/issues/' + i.key + '/labels', { remove: label, as: 'agent' }, item);
        };
        return item;
      }),
    );
    var suggestions = el(
      'datalist',
      { id: 'label-suggestions' },
      ['escalation-requested', 'plan-premium', 'plan-enterprise', 'outage'].map(function (v) {
        return el('option', { value: v });
      }),
    );

    var body = el('textarea', { id: 'comment-body', rows: '3', 'aria-label': 'Comment', placeholder: 'Add a comment…' });
    var as = el('select', { id: 'comment-as', 'aria-label': 'Comment as' });
    // "The customer replies": the issue's reporter first; then any other person (Jira refuses who may not comment).
    var others = site.users
      .map(function (u) {
        return u.accountId;
      })
      .filter(function (id) {
        return id !== i.reporterId && id !== 'agent';
      });
    var commenters = ['agent'].concat(i.reporterId && i.reporterId !== 'agent' ? [i.reporterId] : [], others);
    options(
      as,
      commenters,
      'agent',
      commenters.map(function (id) {
        return 'as ' + displayName(id) + (id === i.reporterId ? ' (reporter: the customer)' : '');
      }),
    );
    var internal = el('input', { type: 'checkbox', id: 'comment-internal' });
    var form = el('form', { class: 'comment-form', id: 'comment-form', 'data-error-anchor': '' }, [
      body,
      el('div', { class: 'row' }, [
        as,
        el('label', {}, [internal, ' internal note']),
        el('button', { type: 'submit', class: 'primary', id: 'comment-submit', text: 'Comment' }),
      ]),
    ]);
    form.onsubmit = function (event) {
      event.preventDefault();
      if (!body.value.trim()) return;
      act('/api/issues/' + i.key + '/comment', { body: body.value, as: as.value, public: !internal.checked }, form);
    };

    var appRows = i.appFields.map(function (f) {
      return el('tr', {}, [
        el('th', { scope: 'row', text: f.name }),
        el('td', { 'data-field': f.key, text: f.value === null ? '—' : String(f.value) }),
      ]);
    });

    pane.appendChild(el('p', { class: 'meta', text: i.projectKey + ' / ' + i.key }));
    pane.appendChild(el('h2', { id: 'issue-summary', text: i.summary }));
    pane.appendChild(
      el(
        'dl',
        { class: 'fields' },
        [
          el('dt', { text: 'Status' }),
          el('dd', {}, [status, i.resolution ? ' (' + i.resolution + ')' : '']),
          el('dt', { text: 'Priority' }),
          el('dd', {}, [priority]),
          el('dt', { text: 'Support plan' }),
          el('dd', {}, [plan]),
          el('dt', { text: 'Reporter' }),
          el('dd', { text: i.reporter }),
          el('dt', { text: 'Created' }),
          el('dd', { text: s.formatClock(i.created) }),
        ].concat(fieldRows, [el('dt', { text: 'Labels' }), el('dd', {}, [labelList, labelForm, suggestions])]),
      ),
    );
    pane.appendChild(el('p', { text: i.description }));
    pane.appendChild(el('h3', { text: 'Comments' }));
    pane.appendChild(
      el(
        'ul',
        { class: 'comments', id: 'comments' },
        i.comments.map(function (c) {
          return el('li', { class: c.public ? '' : 'internal' }, [
            el('strong', { text: c.author }),
            ' · ' + s.formatClock(c.created) + (c.public ? '' : ' · internal'),
            el('div', { text: c.body }),
          ]);
        }),
      ),
    );
    pane.appendChild(form);
    pane.appendChild(el('h3', { text: 'App fields (written by SLA Ladder)' }));
    pane.appendChild(el('table', { class: 'app-fields' }, [el('tbody', {}, appRows)]));
  }

  function renderPanel() {
    var frame = document.getElementById('sla-panel');
    if (!current) {
      frame.removeAttribute('src');
      return;
    }
    frame.src = s.appUrl('sla-panel', site.modules.panel.moduleKey, { issue: current.key, project: current.projectKey });
  }

  function open(key) {
    s.settings.issue = key;
    s.saveSettings();
    return s.api('GET', '/api/issues/' + key).then(
      function (detail) {
        current = detail;
        renderList();
        renderIssue();
        renderPanel();
      },
      function (error) {
        s.showError(error);
      },
    );
  }

  function refresh() {
    return s.api('GET', '/api/site').then(function (next) {
      site = next;
      s.setClock(site.now);
      renderList();
      var key = s.settings.issue || (site.issues[0] && site.issues[0].key);
      return key ? open(key) : undefined;
    });
  }

  function init() {
    return s.api('GET', '/api/site').then(function (first) {
      site = first;
      s.initControls(site, function () {
        renderPanel();
      });
      var filter = document.getElementById('project-filter');
      site.projects.forEach(function (p) {
        filter.appendChild(el('option', { value: p.key, text: p.name + ' (' + p.key + ')' }));
      });
      filter.onchange = renderList;
      options(
        document.getElementById('create-project'),
        site.projects.map(function (p) {
          return p.key;
        }),
        site.projects[0] && site.projects[0].key,
      );
      var createPlan = document.getElementById('create-plan');
      var syncPlans = function () {
        options(createPlan, [''].concat(project(document.getElementById('create-project').value).plans), '');
      };
      document.getElementById('create-project').onchange = syncPlans;
      syncPlans();
      options(document.getElementById('create-priority'), site.priorities, 'Medium');
      // Reporters: every customer of the site (the demo site adds customers on other plans), and an agent.
      var reporters = site.users
        .filter(function (u) {
          return u.role === 'customer';
        })
        .map(function (u) {
          return u.accountId;
        });
      options(document.getElementById('create-as'), reporters.concat(['agent']), 'customer', reporters.concat(['agent']).map(displayName));
      document.getElementById('create-form').onsubmit = function (event) {
        event.preventDefault();
        var data = new FormData(event.target);
        var body = {};
        data.forEach(function (v, k) {
          body[k] = v;
        });
        s.showError(null);
        s.api('POST', '/api/issues', body).then(
          function (created) {
            s.settings.issue = created.key;
            document.getElementById('create-summary').value = '';
            return refresh();
          },
          function (error) {
            s.showError(error, event.target);
          },
        );
      };
      document.querySelectorAll('[data-step]').forEach(function (button) {
        button.addEventListener('click', function () {
          act('/api/clock/advance', { by: button.getAttribute('data-step') }, button);
        });
      });
      return refresh();
    });
  }

  init().catch(function (error) {
    s.showError(error);
  });
})();
