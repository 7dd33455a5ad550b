"""Every URL of the site is known to the permission tests, and none serves an anonymous visitor.

Adding a page means adding it here, with the persona matrix that covers it, so no URL ships
without its access rules tested.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# url name -> the test module whose persona matrix covers it
COVERED = {
    "home": "tests/test_security.py",
    "common:calendar": "tests/common/test_calendar_views.py",
    "common:calendar_day_create": "tests/common/test_calendar_views.py",
    "common:calendar_day_delete": "tests/common/test_calendar_views.py",
    "search": "tests/org/test_visibility.py",
    "password_change": "tests/test_security.py",
    "password_change_done": "tests/test_security.py",
    "org:unit_list": "tests/org/test_visibility.py",
    "org:unit_detail": "tests/org/test_visibility.py",
    "org:area_list": "tests/org/test_visibility.py",
    "org:area_detail": "tests/org/test_visibility.py",
    "org:residential_area_create": "tests/org/test_visibility.py",
    "org:residential_area_import": "tests/org/test_visibility.py",
    "org:area_tags_update": "tests/org/test_visibility.py",
    "org:residential_template": "tests/org/test_residential.py",
    "org:tag_list": "tests/org/test_visibility.py",
    "org:committee_list": "tests/org/test_visibility.py",
    "org:committee_detail": "tests/org/test_visibility.py",
    "org:account_list": "tests/org/test_accounts_views.py",
    "org:account_create": "tests/org/test_accounts_views.py",
    "org:account_import": "tests/org/test_accounts_views.py",
    "org:account_template": "tests/org/test_accounts_views.py",
    "org:account_detail": "tests/org/test_accounts_views.py",
    "org:account_set_active": "tests/org/test_accounts_views.py",
    "org:account_set_password": "tests/org/test_accounts_views.py",
    "org:membership_add": "tests/org/test_accounts_views.py",
    "org:membership_remove": "tests/org/test_accounts_views.py",
    "audit:changes": "tests/audit/test_audit.py",
    "documents:unit_report_docx": "tests/documents",
    "documents:unit_report_pdf": "tests/documents",
    "documents:area_list_xlsx": "tests/documents",
    "work:programme_list": "tests/work/test_views.py",
    "work:programme_list_xlsx": "tests/work/test_views.py",
    "work:proposal_list_xlsx": "tests/work/test_views.py",
    "work:programme_create": "tests/work/test_views.py",
    "work:programme_detail": "tests/work/test_views.py",
    "work:assignment_create": "tests/work/test_views.py",
    "work:assignment_detail": "tests/work/test_views.py",
    "work:assignment_progress": "tests/work/test_views.py",
    "work:assignment_complete": "tests/work/test_views.py",
    "work:assignment_accept": "tests/work/test_views.py",
    "work:assignment_return": "tests/work/test_views.py",
    "work:assignment_refuse": "tests/work/test_views.py",
    "work:assignment_recall": "tests/work/test_views.py",
    "work:assignment_extension": "tests/work/test_views.py",
    "work:assignment_forward": "tests/work/test_views.py",
    "work:extension_decide": "tests/work/test_views.py",
    "work:proposal_list": "tests/work/test_views.py",
    "work:proposal_create": "tests/work/test_views.py",
    "work:proposal_detail": "tests/work/test_views.py",
    "schemes:list": "tests/schemes/test_views.py",
    "schemes:create": "tests/schemes/test_views.py",
    "schemes:detail": "tests/schemes/test_views.py",
    "schemes:cancel": "tests/schemes/test_views.py",
    "schemes:phase_start": "tests/schemes/test_views.py",
    "schemes:phase_complete": "tests/schemes/test_views.py",
    "schemes:phase_deadline": "tests/schemes/test_views.py",
    "schemes:document_upload": "tests/schemes/test_views.py",
    "schemes:document_download": "tests/schemes/test_views.py",
    "reporting:list": "tests/reporting/test_visibility.py",
    "reporting:list_xlsx": "tests/reporting/test_visibility.py",
    "reporting:create": "tests/reporting/test_visibility.py",
    "reporting:detail": "tests/reporting/test_visibility.py",
    "reporting:close": "tests/reporting/test_visibility.py",
    "reporting:consolidated_xlsx": "tests/reporting/test_visibility.py",
    "reporting:consolidated_docx": "tests/reporting/test_visibility.py",
    "reporting:consolidated_pdf": "tests/reporting/test_visibility.py",
    "reporting:target": "tests/reporting/test_visibility.py",
    "reporting:draft_save": "tests/reporting/test_visibility.py",
    "reporting:submit": "tests/reporting/test_visibility.py",
    "reporting:return": "tests/reporting/test_visibility.py",
    "reporting:attachment": "tests/reporting/test_visibility.py",
    "notifications:list": "tests/notifications/test_views.py",
    "notifications:read": "tests/notifications/test_views.py",
    "notifications:read_all": "tests/notifications/test_views.py",
    "notifications:settings": "tests/notifications/test_views.py",
    "work:dashboard": "tests/work/test_dashboard.py",
    "work:dashboard_xlsx": "tests/work/test_dashboard.py",
    "work:metric_list": "tests/work/test_dashboard.py",
    "work:metric_list_xlsx": "tests/work/test_dashboard.py",
    "work:programme_report_docx": "tests/work/test_exports.py",
    "work:programme_report_pdf": "tests/work/test_exports.py",
    "work:programme_report_xlsx": "tests/work/test_exports.py",
    "api:v1:assignment_list": "tests/api/test_work_api.py",
    "api:v1:assignment_create": "tests/api/test_work_api.py",
    "api:v1:assignment_detail": "tests/api/test_work_api.py",
    "api:v1:progress_list": "tests/api/test_work_api.py",
    "api:v1:progress_create": "tests/api/test_work_api.py",
    "api:v1:assignment_complete": "tests/api/test_work_api.py",
    "api:v1:metrics": "tests/api/test_work_api.py",
    "api:v1:deadlines_parse": "tests/api/test_deadlines_api.py",
    "meetings:create": "tests/meetings/test_views.py",
    "meetings:edit": "tests/meetings/test_views.py",
    "meetings:attendee_add": "tests/meetings/test_views.py",
    "meetings:unit_add": "tests/meetings/test_views.py",
    "meetings:point_add": "tests/meetings/test_views.py",
    "meetings:agenda_add": "tests/meetings/test_views.py",
    "meetings:attachment_add": "tests/meetings/test_views.py",
    "meetings:attachment_download": "tests/meetings/test_views.py",
    "meetings:conclusion_add": "tests/meetings/test_views.py",
    "meetings:extract": "tests/meetings/test_views.py",
    "meetings:extract_record": "tests/meetings/test_views.py",
    "meetings:directive_edit": "tests/meetings/test_views.py",
    "meetings:directive_confirm": "tests/meetings/test_views.py",
    "meetings:directive_reject": "tests/meetings/test_views.py",
    "meetings:notice_docx": "tests/meetings/test_views.py",
    "meetings:notice_pdf": "tests/meetings/test_views.py",
    "api:v1:directive_extract": "tests/meetings/test_api.py",
    "meetings:list": "tests/org/test_visibility.py",
    "meetings:detail": "tests/org/test_visibility.py",
    "api:tokens": "tests/api/test_tokens.py",
    "api:token_revoke": "tests/api/test_tokens.py",
    "api:v1:openapi-json": "tests/api/test_docs.py",
    "api:v1:openapi-view": "tests/api/test_docs.py",
    "api:v1:me": "tests/api/test_org_endpoints.py",
    "api:v1:area_list": "tests/api/test_org_endpoints.py",
    "api:v1:area_detail": "tests/api/test_org_endpoints.py",
    "api:v1:unit_list": "tests/api/test_org_endpoints.py",
    "api:v1:unit_detail": "tests/api/test_org_endpoints.py",
    "festival:home": "tests/festival/test_campaigns_views.py",
    "festival:campaign_create": "tests/festival/test_campaigns_views.py",
    "festival:campaign": "tests/festival/test_campaigns_views.py",
    "festival:campaign_edit": "tests/festival/test_campaigns_views.py",
    "festival:document_add": "tests/festival/test_campaigns_views.py",
    "festival:document": "tests/festival/test_campaigns_views.py",
    "festival:nominations": "tests/festival/test_campaigns_views.py",
    "festival:nominations_xlsx": "tests/festival/test_campaigns_views.py",
    "festival:nomination_create": "tests/festival/test_campaigns_views.py",
    "festival:nomination": "tests/festival/test_campaigns_views.py",
    "festival:nomination_edit": "tests/festival/test_campaigns_views.py",
    "festival:nomination_withdraw": "tests/festival/test_campaigns_views.py",
    "festival:nomination_pin": "tests/festival/test_campaigns_views.py",
    "festival:nomination_document_add": "tests/festival/test_campaigns_views.py",
    "festival:nomination_document": "tests/festival/test_campaigns_views.py",
    "festival:leaders": "tests/festival/test_schedule_views.py",
    "festival:leader_create": "tests/festival/test_schedule_views.py",
    "festival:leader_edit": "tests/festival/test_schedule_views.py",
    "festival:leader_availability": "tests/festival/test_schedule_views.py",
    "festival:leader_ical": "tests/festival/test_schedule_views.py",
    "festival:schedule": "tests/festival/test_schedule_views.py",
    "festival:schedule_xlsx": "tests/festival/test_schedule_views.py",
    "festival:schedule_solve": "tests/festival/test_schedule_views.py",
    "festival:schedule_edit": "tests/festival/test_schedule_views.py",
    "festival:schedule_check": "tests/festival/test_schedule_views.py",
    "festival:schedule_clear": "tests/festival/test_schedule_views.py",
    "festival:site_ical": "tests/festival/test_schedule_views.py",
    "festival:board": "tests/festival/test_preparation_views.py",
    "festival:board_province": "tests/festival/test_preparation_views.py",
    "festival:board_xlsx": "tests/festival/test_preparation_views.py",
    "festival:site_create": "tests/festival/test_preparation_views.py",
    "festival:site": "tests/festival/test_preparation_views.py",
    "festival:site_edit": "tests/festival/test_preparation_views.py",
    "festival:task_edit": "tests/festival/test_preparation_views.py",
    "festival:task_toggle": "tests/festival/test_preparation_views.py",
    "festival:task_add": "tests/festival/test_preparation_views.py",
    "festival:task_delete": "tests/festival/test_preparation_views.py",
    "festival:programme": "tests/festival/test_preparation_views.py",
    "festival:programme_step_edit": "tests/festival/test_preparation_views.py",
    "festival:programme_step_add": "tests/festival/test_preparation_views.py",
    "festival:programme_step_move": "tests/festival/test_preparation_views.py",
    "festival:programme_step_delete": "tests/festival/test_preparation_views.py",
    "festival:selection": "tests/festival/test_selection_views.py",
    "festival:selection_start": "tests/festival/test_selection_views.py",
    "festival:selection_run": "tests/festival/test_selection_views.py",
    "festival:selection_run_status": "tests/festival/test_selection_views.py",
    "festival:selection_run_xlsx": "tests/festival/test_selection_views.py",
    "festival:selection_adopt": "tests/festival/test_selection_views.py",
    "api:v1:festival_selection_start": "tests/api/test_festival_selection_api.py",
    "api:v1:festival_selection_latest": "tests/api/test_festival_selection_api.py",
    "festival:results": "tests/festival/test_results_views.py",
    "festival:result_create": "tests/festival/test_results_views.py",
    "festival:result_edit": "tests/festival/test_results_views.py",
    "festival:results_template": "tests/festival/test_results_views.py",
    "festival:results_import": "tests/festival/test_results_views.py",
    "festival:results_import_status": "tests/festival/test_results_views.py",
    "festival:results_rollup": "tests/festival/test_results_views.py",
    "festival:results_summary_docx": "tests/festival/test_results_views.py",
    "festival:results_summary_xlsx": "tests/festival/test_results_views.py",
    "festival:result_fields": "tests/festival/test_results_views.py",
    "festival:result_field_edit": "tests/festival/test_results_views.py",
    "festival:result_field_delete": "tests/festival/test_results_views.py",
    "api:v1:results_summary": "tests/api/test_festival_results_api.py",
}
PUBLIC = {"login", "logout", "set_language", "api:v1:api-root"}


def _names(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _names(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern


def test_every_url_is_in_the_matrix():
    names = {name for name, _p in _names(get_resolver())}
    assert sorted(names - COVERED.keys() - PUBLIC) == [], "new URLs need a permission matrix and an entry here"
    assert sorted(COVERED.keys() - names) == [], "stale entries"


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_turned_away(name, world, client):
    pattern = dict(_names(get_resolver()))[name]
    kwargs = dict.fromkeys(pattern.pattern.converters, world.province_a.pk)
    kwargs.update({k: world.province_a.pk for k in ("area_id", "unit_id") if f"<{k}>" in str(pattern.pattern)})
    url = reverse(name, kwargs=kwargs or None)
    for method in (client.get, client.post):
        response = method(url)
        if name.startswith("api:v1:") and not name.startswith("api:v1:openapi"):  # the docs are browser pages
            assert response.status_code in {401, 405}, (name, response.status_code)
        else:
            assert response.status_code in {302, 405}, (name, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), name
