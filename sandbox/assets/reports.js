// The sandbox's reports page: the report app as Jira's global page (or a project page) and as a dashboard gadget.
(function () {
  var s = window.sandbox;
  var project = document.getElementById('report-project');
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
      render(site);
    });
  }
  function render(site) {
    var r = site.modules.reports;
    var key = project.value;
    document.getElementById('reports-app').src = key
      ? s.appUrl('reports', r.projectModuleKey, { type: 'jira:projectPage', project: key })
      : s.appUrl('reports', r.moduleKey, { type: 'jira:globalPage', path: s.pagePath() });
    document.getElementById('gadget-app').src = s.appUrl('reports', r.gadgetModuleKey, { type: 'jira:dashboardGadget', project: key });
  }
  load().catch(function (e) {
    console.error(e);
  });
})();
