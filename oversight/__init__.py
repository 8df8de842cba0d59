"""Oversight (oversikt og tilsyn): the top layer, where the lower apps are composed.

What needs several apps at once lives here, so the apps below it import only
downwards (tests/test_layers.py):

* the start page (``start``, ``views.start``): every role's links, counts and
  warnings, and the health check;
* the resident overview and list (``residents``, ``views.residents``): a stay
  with its follow-up facts and the milestone reports still owed;
* break-the-glass (nødtilgang, ``breakglass``), the art. 15 report (innsyn,
  ``art15``) and the acts two-person approval gates: the resident-list export
  and the request to see a dwelling's address (``exports``, ``views.gated``);
* the audit review page (``views.audit_review``);
* retention's runner (``retention``, ``manage.py apply_retention``) and the
  demo loader (``demo``, ``manage.py load_demo``).

The models these use stay in their apps (``access.BreakGlassAccess``,
``access.AccessReport``, ``access.ApprovalRequest``): their labels are stored
in audit rows. The routes keep their URL names (``access:break_glass``,
``stays:overview``, ``audit:review``): ``botilbud/urls.py`` mounts this app's
routes in those namespaces next to the lower apps' own.
"""
