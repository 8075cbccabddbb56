// The sandbox's reports page: the report app as Jira's global page (or a project page) and as a dashboard gadget.
(function () {
  var s = window.sandbox;
  var project = document.getElementById('report-project');
  var editButton = document.getElementById('gadget-edit');
  // The dashboard's one gadget: its view, or (Edit) its edit view until the edit view submits or is cancelled.
  var GADGET_ID = 'dashboard-gadget-1';
  var editing = false;
  function load() {
    return s.api('GET', '/api/site').then(function (site) {
      s.setClock(site.now);
      site.projects.forEach(function (p) {
        var option = document.createElement('option');
        option.value = p.key;
        option.textContent = 'Project page: ' + p.key;
        project.appendChild(option);
      });
      project.onchange = render.bind(null, site);
      s.initControls(site, render.bind(null, site));
      editButton.onclick = function () {
        editing = !editing;
        renderGadget(site);
      };
      window.addEventListener('message', function (event) {
        if (event.origin !== location.origin || !event.data || event.data.type !== 'sandbox:gadget-submitted') return;
        editing = false;
        renderGadget(site);
      });
      render(site);
    });
  }
  function render(site) {
    var r = site.modules.reports;
    var key = project.value;
    document.getElementById('reports-app').src = key
      ? s.appUrl('reports', r.projectModuleKey, { type: 'jira:projectPage', project: key })
      : s.appUrl('reports', r.moduleKey, { type: 'jira:globalPage', path: s.pagePath() });
    renderGadget(site);
  }
  function renderGadget(site) {
    var r = site.modules.reports;
    editButton.textContent = editing ? 'Cancel' : 'Edit';
    document.getElementById('gadget-app').src = s.appUrl('reports', r.gadgetModuleKey, {
      type: 'jira:dashboardGadget',
      project: project.value,
      gadget: GADGET_ID,
      entry: editing ? 'edit' : '',
    });
  }
  load().catch(function (e) {
    console.error(e);
  });
})();
