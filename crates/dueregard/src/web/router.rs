//! Every route the app serves, in one table. The table builds the axum router, feeds the
//! OpenAPI document, and drives the tests that check each route for each role.

use crate::web::access::guard;
pub use crate::web::access::{Access, ApiDoc, Route};
use crate::web::features::{
    account, actions, assessment_form, assessments, budget_rounds, calendars, catalogue,
    committees, compliance, consultation_analysis, consultation_import, consultation_public,
    consultation_responses, consultations, cycle, dashboard, engagement, frameworks, import,
    incidents, indicator_public, indicator_values, indicators, indicators_api, meetings,
    objectives, partnerships, people, plan_parts, plans, public, publications, records,
    recruitment, reports, rows_entry, search, training, users, workforce,
};
use crate::web::{AppState, security_headers, serve_asset};
use crate::web::{edit, json_edit};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::MethodRouter;

/// The route table as data: one line a route. `page` and `api` rows differ only in the API's
/// documentation; `limit N` raises the body limit of an upload route.
macro_rules! table {
    ($($kind:ident $method:ident $path:literal $access:ident
        $([$tag:literal, $summary:literal $(, $schema:literal)?] $(-> $status:literal $ret:ty)?)?
       => $handler:path $(, limit $limit:expr)?;)*) => {
        vec![$(Route {
            method: stringify!($method),
            path: $path,
            access: $access,
            api: table!(@doc $kind $([$tag, $summary $(, $schema)?] $(-> $status $ret)?)?),
            handler: table!(@handler $method $handler $(, $limit)?),
        }),*]
    };
    (@doc page) => { None };
    (@doc api [$tag:literal, $summary:literal $(, $schema:literal)?] $(-> $status:literal $ret:ty)?) => {
        Some(ApiDoc {
            tag: $tag,
            summary: $summary,
            body: table!(@opt $($schema)?),
            returns: table!(@returns $($status $ret)?),
        })
    };
    (@opt) => { None };
    (@opt $schema:literal) => { Some($schema) };
    (@returns) => { None };
    (@returns $status:literal $ret:ty) => {
        Some(($status, |g: &mut schemars::SchemaGenerator| g.subschema_for::<$ret>()))
    };
    (@handler $method:ident $handler:path) => {
        axum::routing::on(axum::routing::MethodFilter::$method, $handler)
    };
    (@handler $method:ident $handler:path, $limit:expr) => {
        axum::routing::on(axum::routing::MethodFilter::$method, $handler)
            .layer(DefaultBodyLimit::max($limit))
    };
}

/// Every route: page or API, method, path, who may use it, for the API its tag, summary and
/// body schema, and its handler (with a larger body limit where it takes uploads).
pub fn routes() -> Vec<Route> {
    use Access::*;
    use dueregard_core::assessment::{Decision, ImpactAssessment};
    use dueregard_core::objective::EqualityObjective;
    use dueregard_core::org::{Committee, Directorate, LocalCharacteristic, Person};
    use dueregard_core::plan::{
        Action, ActionPlan, GlossaryEntry, PlanObjective, PlanTree, Priority,
    };
    use dueregard_core::progress::ProgressUpdate;
    use dueregard_core::store::SearchHit;
    use dueregard_core::workforce::WorkforceSnapshot;
    table! {
        page GET "/sign-in" Public => account::show;
        page POST "/sign-in" Public => account::submit;
        page POST "/sign-out" Read => account::sign_out;
        page GET "/reports/progress" Read => reports::progress;
        page GET "/publications" Read => publications::list;
        page GET "/compliance" Read => compliance::page;
        page GET "/meetings" Read => meetings::list;
        page GET "/consultations" Read => consultations::list;
        page GET "/consultations/new" Edit => edit::add_form::<consultations::ConsultationAdd>;
        page POST "/consultations/new" Edit => edit::add::<consultations::ConsultationAdd>;
        page GET "/consultations/{id}" Read => consultations::show;
        page GET "/consultations/{id}/edit" Edit => edit::form::<consultations::ConsultationEdit>;
        page POST "/consultations/{id}/edit" Edit => edit::post::<consultations::ConsultationEdit>;
        page POST "/consultations/{id}/publish" Edit => consultations::publish;
        page GET "/consultations/{id}/questions/new" Edit => edit::add_form::<consultations::QuestionAdd>;
        page POST "/consultations/{id}/questions/new" Edit => edit::add::<consultations::QuestionAdd>;
        page POST "/consultations/{id}/questions/template" Edit => consultations::use_template;
        page GET "/consultations/{id}/questions/{n}/edit" Edit => edit::form::<consultations::QuestionEdit>;
        page POST "/consultations/{id}/questions/{n}/edit" Edit => edit::post::<consultations::QuestionEdit>;
        page POST "/consultations/{id}/questions/{n}/remove" Edit => consultations::remove_question;
        page GET "/consultations/{id}/responses" Edit => consultation_responses::responses;
        page GET "/consultations/{id}/responses/new" Edit => consultation_responses::keyed_form;
        page POST "/consultations/{id}/responses/new" Edit => consultation_responses::keyed;
        page GET "/consultations/{id}/responses/import" Edit => consultation_import::form;
        page POST "/consultations/{id}/responses/import" Edit => consultation_import::upload, limit consultation_import::UPLOAD_LIMIT;
        page POST "/consultations/{id}/responses/import/confirm" Edit => consultation_import::confirm, limit consultation_import::CONFIRM_LIMIT;
        page GET "/consultations/{id}/engagement/new" Edit => edit::add_form::<engagement::EngagementAdd>;
        page POST "/consultations/{id}/engagement/new" Edit => edit::add::<engagement::EngagementAdd>;
        page GET "/budget-rounds" Read => budget_rounds::list;
        page GET "/budget-rounds/new" Edit => edit::add_form::<budget_rounds::BudgetRoundAdd>;
        page POST "/budget-rounds/new" Edit => edit::add::<budget_rounds::BudgetRoundAdd>;
        page GET "/budget-rounds/{id}" Read => budget_rounds::show;
        page GET "/budget-rounds/{id}/edit" Edit => edit::form::<budget_rounds::BudgetRoundEdit>;
        page POST "/budget-rounds/{id}/edit" Edit => edit::post::<budget_rounds::BudgetRoundEdit>;
        page GET "/budget-rounds/{id}/report" Read => budget_rounds::report;
        page GET "/budget-rounds/{id}/report/{format}" Read => budget_rounds::report_download;
        page GET "/incidents" Read => incidents::show;
        page GET "/incidents/counts" Edit => incidents::counts_form;
        page POST "/incidents/counts" Edit => incidents::counts_submit, limit rows_entry::UPLOAD_LIMIT;
        page GET "/catalogue" Read => catalogue::list;
        page GET "/partnerships" Read => partnerships::list;
        page GET "/partnerships/new" Edit => edit::add_form::<partnerships::PartnershipAdd>;
        page POST "/partnerships/new" Edit => edit::add::<partnerships::PartnershipAdd>;
        page GET "/partnerships/{id}" Read => partnerships::show;
        page GET "/partnerships/{id}/edit" Edit => edit::form::<partnerships::PartnershipEdit>;
        page POST "/partnerships/{id}/edit" Edit => edit::post::<partnerships::PartnershipEdit>;
        page POST "/partnerships/{id}/actions" Edit => partnerships::contribute;
        page GET "/frameworks" Read => frameworks::list;
        page GET "/frameworks/new" Edit => edit::add_form::<frameworks::SelfAssessmentAdd>;
        page POST "/frameworks/new" Edit => edit::add::<frameworks::SelfAssessmentAdd>;
        page GET "/frameworks/{id}" Read => frameworks::show;
        page GET "/frameworks/{id}/edit" Edit => edit::form::<frameworks::SelfAssessmentEdit>;
        page POST "/frameworks/{id}/edit" Edit => edit::post::<frameworks::SelfAssessmentEdit>;
        page GET "/training" Read => training::list;
        page GET "/training/courses/new" Edit => edit::add_form::<training::CourseAdd>;
        page POST "/training/courses/new" Edit => edit::add::<training::CourseAdd>;
        page GET "/training/courses/{id}" Read => training::course;
        page GET "/training/courses/{id}/edit" Edit => edit::form::<training::CourseEdit>;
        page POST "/training/courses/{id}/edit" Edit => edit::post::<training::CourseEdit>;
        page GET "/training/courses/{id}/sessions/new" Edit => edit::add_form::<training::SessionAdd>;
        page POST "/training/courses/{id}/sessions/new" Edit => edit::add::<training::SessionAdd>;
        page GET "/training/sessions/new" Edit => edit::add_form::<training::SessionAdd>;
        page POST "/training/sessions/new" Edit => edit::add::<training::SessionAdd>;
        page GET "/training/sessions/{id}/edit" Edit => edit::form::<training::SessionEdit>;
        page POST "/training/sessions/{id}/edit" Edit => edit::post::<training::SessionEdit>;
        page GET "/indicators" Read => indicators::list;
        page GET "/indicators/report" Read => indicators::report;
        page GET "/indicators/report/{format}" Read => indicators::report_download;
        page GET "/indicators/new" Edit => edit::add_form::<indicators::IndicatorAdd>;
        page POST "/indicators/new" Edit => edit::add::<indicators::IndicatorAdd>;
        page GET "/indicators/{id}" Read => indicators::show;
        page GET "/indicators/{id}/edit" Edit => edit::form::<indicators::IndicatorEdit>;
        page POST "/indicators/{id}/edit" Edit => edit::post::<indicators::IndicatorEdit>;
        page GET "/indicators/{id}/values" Edit => indicator_values::show;
        page POST "/indicators/{id}/values" Edit => indicator_values::submit, limit rows_entry::UPLOAD_LIMIT;
        page GET "/engagement" Read => engagement::list;
        page GET "/engagement/new" Edit => edit::add_form::<engagement::EngagementAdd>;
        page POST "/engagement/new" Edit => edit::add::<engagement::EngagementAdd>;
        page GET "/engagement/{id}" Read => engagement::show;
        page GET "/engagement/{id}/edit" Edit => edit::form::<engagement::EngagementEdit>;
        page POST "/engagement/{id}/edit" Edit => edit::post::<engagement::EngagementEdit>;
        page GET "/consultations/{id}/analysis" Edit => consultation_analysis::page;
        page POST "/consultations/{id}/codes" Edit => consultation_analysis::save_codes;
        page GET "/consultations/{id}/responses/{response}/code" Edit => consultation_analysis::code_form;
        page POST "/consultations/{id}/responses/{response}/code" Edit => consultation_analysis::code;
        page GET "/consultations/{id}/changes/new" Edit => edit::add_form::<consultation_analysis::ChangeAdd>;
        page POST "/consultations/{id}/changes/new" Edit => edit::add::<consultation_analysis::ChangeAdd>;
        page POST "/consultations/{id}/changes/{n}/remove" Edit => consultation_analysis::remove_change;
        page GET "/consultations/{id}/summary" Read => consultation_analysis::summary;
        page GET "/consultations/{id}/summary/{format}" Read => consultation_analysis::summary_file;
        page POST "/consultations/{id}/summary/approve" Approve => consultation_analysis::approve;
        page GET "/civic-dates" Read => calendars::dates;
        page POST "/civic-dates/standard" Edit => calendars::add_standard;
        page GET "/civic-dates/new" Edit => edit::add_form::<calendars::CivicDateAdd>;
        page POST "/civic-dates/new" Edit => edit::add::<calendars::CivicDateAdd>;
        page GET "/civic-dates/{id}/edit" Edit => edit::form::<calendars::CivicDateEdit>;
        page POST "/civic-dates/{id}/edit" Edit => edit::post::<calendars::CivicDateEdit>;
        page GET "/account/calendars" Read => calendars::list;
        page POST "/account/calendars" Read => calendars::create;
        page POST "/account/calendars/{id}/revoke" Read => calendars::revoke;
        page GET "/calendars/{feed}" Public => calendars::feed;
        page GET "/meetings/new" Edit => edit::add_form::<meetings::MeetingAdd>;
        page POST "/meetings/new" Edit => edit::add::<meetings::MeetingAdd>;
        page GET "/meetings/{id}/edit" Edit => edit::form::<meetings::MeetingEdit>;
        page POST "/meetings/{id}/edit" Edit => edit::post::<meetings::MeetingEdit>;
        page GET "/publications/new" Edit => edit::add_form::<publications::PublicationAdd>;
        page POST "/publications/new" Edit => edit::add::<publications::PublicationAdd>;
        page GET "/publications/{id}" Read => publications::show;
        page GET "/publications/{id}/edit" Edit => edit::form::<publications::PublicationEdit>;
        page POST "/publications/{id}/edit" Edit => edit::post::<publications::PublicationEdit>;
        page POST "/publications/{id}/step" Edit => publications::take;
        page POST "/publications/{id}/approve" Approve => publications::take;
        page POST "/publications/{id}/correct" Edit => publications::correct;
        page GET "/reports/progress.pdf" Read => reports::progress_pdf;
        page GET "/reports/progress.odt" Read => reports::progress_odt;
        page GET "/reports/progress.docx" Read => reports::progress_docx;
        page GET "/reports/progress.xlsx" Read => reports::progress_xlsx;
        page GET "/reports/progress.ods" Read => reports::progress_ods;
        page GET "/account" Read => users::account;
        page POST "/account" Read => users::change_password;
        page POST "/account/sessions/{session}/end" Read => users::end_own_session;
        page GET "/forgot-password" Public => cycle::forgot_form;
        page POST "/forgot-password" Public => cycle::forgot;
        page GET "/mail/unsubscribe/{token}/{kind}" Public => cycle::unsubscribe_form;
        page POST "/mail/unsubscribe/{token}/{kind}" Public => cycle::unsubscribe;
        page GET "/account/mail" Read => cycle::mail_choices;
        page POST "/account/mail" Read => cycle::save_mail_choices;
        page GET "/admin/jobs" Admin => cycle::jobs;
        page GET "/set-password/{token}" Public => users::set_password_form;
        page POST "/set-password/{token}" Public => users::set_password;
        page GET "/admin/users" Admin => users::list;
        page GET "/admin/users/new" Admin => edit::add_form::<users::UserAdd>;
        page POST "/admin/users/new" Admin => edit::add::<users::UserAdd>;
        page GET "/admin/users/{id}" Admin => users::show;
        page POST "/admin/users/{id}" Admin => users::change;
        page POST "/admin/users/{id}/sessions/{session}/end" Admin => users::end_user_session;
        page GET "/assets/{*path}" Public => serve_asset;
        page GET "/" Read => dashboard::page;
        page GET "/my-actions" Read => dashboard::my_actions;
        page GET "/objectives" Read => objectives::list;
        page GET "/objectives/new" Edit => edit::add_form::<objectives::ObjectiveAdd>;
        page POST "/objectives/new" Edit => edit::add::<objectives::ObjectiveAdd>;
        page GET "/objectives/{id}" Read => objectives::show;
        page GET "/objectives/{id}/edit" Edit => edit::form::<objectives::ObjectiveEdit>;
        page POST "/objectives/{id}/edit" Edit => edit::post::<objectives::ObjectiveEdit>;
        page GET "/import" Edit => import::upload_form;
        page POST "/import" Edit => import::upload, limit import::UPLOAD_LIMIT;
        page GET "/import/{id}" Edit => import::preview;
        page POST "/import/{id}" Edit => import::confirm;
        page GET "/plans" Read => plans::list;
        page GET "/plans/new" Edit => edit::add_form::<plans::PlanAdd>;
        page POST "/plans/new" Edit => edit::add::<plans::PlanAdd>;
        page GET "/plans/{id}" Read => plans::show;
        page GET "/plans/{id}/report" Read => reports::plan;
        page GET "/plans/{id}/report/{format}" Read => reports::plan_file;
        page GET "/plans/{id}/monitoring" Read => cycle::monitoring;
        page GET "/plans/{id}/monitoring/{format}" Read => cycle::monitoring_file;
        page GET "/plans/{id}/edit" Edit => edit::form::<plans::PlanEdit>;
        page POST "/plans/{id}/edit" Edit => edit::post::<plans::PlanEdit>;
        page GET "/plans/{id}/priorities/new" Edit => edit::add_form::<plan_parts::PriorityAdd>;
        page POST "/plans/{id}/priorities/new" Edit => edit::add::<plan_parts::PriorityAdd>;
        page GET "/plans/{id}/priorities/{priority_id}/edit" Edit => edit::form::<plan_parts::PriorityEdit>;
        page POST "/plans/{id}/priorities/{priority_id}/edit" Edit => edit::post::<plan_parts::PriorityEdit>;
        page GET "/plans/{id}/objectives/{objective_id}/edit" Edit => edit::form::<plan_parts::PlanObjectiveEdit>;
        page POST "/plans/{id}/objectives/{objective_id}/edit" Edit => edit::post::<plan_parts::PlanObjectiveEdit>;
        page GET "/plans/{id}/objectives/new" Edit => edit::add_form::<plan_parts::PlanObjectiveAdd>;
        page POST "/plans/{id}/objectives/new" Edit => edit::add::<plan_parts::PlanObjectiveAdd>;
        page GET "/plans/{id}/actions/new" Edit => edit::add_form::<actions::ActionAdd>;
        page POST "/plans/{id}/actions/new" Edit => edit::add::<actions::ActionAdd>;
        page GET "/plans/{id}/glossary/new" Edit => edit::add_form::<plan_parts::GlossaryAdd>;
        page POST "/plans/{id}/glossary/new" Edit => edit::add::<plan_parts::GlossaryAdd>;
        page GET "/plans/{id}/glossary/{glossary_id}/edit" Edit => edit::form::<plan_parts::GlossaryEdit>;
        page POST "/plans/{id}/glossary/{glossary_id}/edit" Edit => edit::post::<plan_parts::GlossaryEdit>;
        page GET "/actions/{id}" Read => actions::show;
        page GET "/actions/{id}/edit" Edit => edit::form::<actions::ActionEdit>;
        page POST "/actions/{id}/edit" Edit => edit::post::<actions::ActionEdit>;
        page GET "/actions/{id}/updates/new" Update => actions::new_update_form;
        page POST "/actions/{id}/updates/new" Update => actions::create_update;
        page GET "/people" Read => people::page;
        page GET "/people/new" Edit => edit::add_form::<people::PersonAdd>;
        page POST "/people/new" Edit => edit::add::<people::PersonAdd>;
        page GET "/people/{id}/edit" Edit => edit::form::<people::PersonEdit>;
        page POST "/people/{id}/edit" Edit => edit::post::<people::PersonEdit>;
        page GET "/directorates/new" Edit => edit::add_form::<people::DirectorateAdd>;
        page POST "/directorates/new" Edit => edit::add::<people::DirectorateAdd>;
        page GET "/directorates/{id}/edit" Edit => edit::form::<people::DirectorateEdit>;
        page POST "/directorates/{id}/edit" Edit => edit::post::<people::DirectorateEdit>;
        page GET "/committees/new" Edit => edit::add_form::<committees::CommitteeAdd>;
        page POST "/committees/new" Edit => edit::add::<committees::CommitteeAdd>;
        page GET "/local-characteristics/new" Edit => edit::add_form::<committees::LocalAdd>;
        page POST "/local-characteristics/new" Edit => edit::add::<committees::LocalAdd>;
        page GET "/committees/{id}/edit" Edit => edit::form::<committees::CommitteeEdit>;
        page POST "/committees/{id}/edit" Edit => edit::post::<committees::CommitteeEdit>;
        page GET "/local-characteristics/{id}/edit" Edit => edit::form::<committees::LocalEdit>;
        page POST "/local-characteristics/{id}/edit" Edit => edit::post::<committees::LocalEdit>;
        page GET "/healthz" Public => crate::web::healthz;
        page GET "/readyz" Public => crate::web::readyz;
        page GET "/archive" Edit => records::archived;
        page GET "/plans/{id}/roll-forward" Edit => plans::roll_forward_form;
        page POST "/plans/{id}/roll-forward" Edit => plans::roll_forward;
        page POST "/records/{kind}/{id}/archive" Edit => records::archive;
        page POST "/records/{kind}/{id}/restore" Edit => records::restore;
        page GET "/records/{kind}/{id}/delete" Edit => records::delete_form;
        page POST "/records/{kind}/{id}/delete" Edit => records::delete;
        page GET "/assessments" Read => assessments::register;
        page GET "/assessments/new" Assess => assessment_form::new_form;
        page POST "/assessments/new" Assess => assessment_form::create;
        page GET "/assessments/{id}" Read => assessments::show;
        page GET "/assessments/{id}/edit" Assess => assessment_form::edit_form;
        page POST "/assessments/{id}/edit" Assess => assessment_form::update;
        page POST "/assessments/{id}/sign" Assess => assessments::sign;
        page POST "/assessments/{id}/mitigations" Edit => assessments::add_mitigations;
        page POST "/assessments/{id}/new-version" Edit => assessments::new_version;
        page GET "/assessments/{id}/assessment.odt" Read => assessments::export_odt;
        page GET "/assessments/{id}/assessment.docx" Read => assessments::export_docx;
        page GET "/decisions" Read => assessments::decisions;
        page GET "/decisions/new" Edit => assessment_form::new_decision_form;
        page POST "/decisions/new" Edit => assessment_form::create_decision;
        page GET "/decisions/{id}" Read => assessments::decision;
        page GET "/decisions/{id}/implications/{format}" Read => assessments::decision_implications;
        page GET "/public/{slug}" Public => public::home;
        page GET "/public/{slug}/objectives" Public => public::objectives;
        page GET "/public/{slug}/plans" Public => public::plans;
        page GET "/public/{slug}/indicators" Public => indicator_public::list;
        page GET "/public/{slug}/partnerships/{id}" Public => partnerships::public;
        page GET "/public/{slug}/indicators/{id}" Public => indicator_public::show;
        page GET "/public/{slug}/plans/{id}" Public => public::plan;
        page GET "/public/{slug}/accessibility" Public => public::accessibility;
        page GET "/public/{slug}/dates" Public => public::dates;
        page GET "/public/{slug}/consultations" Public => consultation_public::list;
        page GET "/public/{slug}/consultations/{id}" Public => consultation_public::show;
        page POST "/public/{slug}/consultations/{id}" Public => consultation_public::submit;
        page GET "/public/{slug}/consultations/{id}/receipt/{key}" Public => consultation_public::receipt;
        page GET "/public/{slug}/consultations/{id}/resume/{token}" Public => consultation_public::resume;
        page GET "/public/{slug}/consultations/{id}/summary" Public => consultation_public::summary;
        page GET "/public/{slug}/consultations/{id}/summary/{format}" Public => consultation_public::summary_file;
        page GET "/public/{slug}/dates.ics" Public => public::dates_feed;
        page GET "/public/{slug}/publications" Public => public::publications;
        page GET "/public/{slug}/publications/{id}" Public => public::publication;
        page GET "/public/{slug}/publications/{id}/{file}" Public => public::publication_file;
        page GET "/public/{slug}/data/{file}" Public => public::data;
        page GET "/public/{slug}/assessments" Public => assessments::public_register;
        page GET "/public/{slug}/assessments/{id}" Public => assessments::public_assessment;
        page GET "/workforce" Read => workforce::list;
        page GET "/workforce/new" Edit => workforce::upload_form;
        page POST "/workforce/new" Edit => workforce::upload, limit workforce::UPLOAD_LIMIT;
        page GET "/workforce/recruitment" Edit => recruitment::form;
        page POST "/workforce/recruitment" Edit => recruitment::analyse, limit recruitment::UPLOAD_LIMIT;
        page GET "/workforce/{id}" Read => workforce::show;
        page GET "/workforce/{id}/tables.csv" Read => workforce::tables_csv;
        page GET "/workforce/{id}/tables.xlsx" Read => workforce::tables_xlsx;
        page GET "/workforce/{id}/tables.ods" Read => workforce::tables_ods;
        page POST "/workforce/{id}/delete" Edit => workforce::delete;
        page GET "/search" Read => search::page;
        page GET "/audit" Edit => search::audit;
        page GET "/api/openapi.json" Public => crate::web::openapi::document;
        api GET "/api/v1/me" Read ["Account", "Who the token belongs to"] => dashboard::me;
        api GET "/api/v1/dashboard" Read ["Dashboard", "Counts by status, overdue actions, updates due and objectives due for refresh"] -> 200 dueregard_core::dashboard::Dashboard => dashboard::api;
        api GET "/api/v1/assessments" Read ["Impact assessments", "List impact assessments, every version"] -> 200 Vec<ImpactAssessment> => assessments::api_list;
        api POST "/api/v1/assessments" Assess ["Impact assessments", "Start an impact assessment", "AssessmentFields"] -> 201 ImpactAssessment => assessments::api_create;
        api GET "/api/v1/assessments/{id}" Read ["Impact assessments", "One impact assessment"] -> 200 ImpactAssessment => json_edit::get::<assessments::AssessmentApi>;
        api PUT "/api/v1/assessments/{id}" Assess ["Impact assessments", "Change an assessment that is not approved", "RecordEdit"] -> 200 ImpactAssessment => json_edit::update::<assessments::AssessmentApi>;
        api PATCH "/api/v1/assessments/{id}" Assess ["Impact assessments", "Change some fields of an assessment that is not approved", "RecordEdit"] -> 200 ImpactAssessment => json_edit::update::<assessments::AssessmentApi>;
        api POST "/api/v1/assessments/{id}/sign" Assess ["Impact assessments", "Sign a step: assessed, reviewed or approved", "SignOff"] -> 200 ImpactAssessment => assessments::api_sign;
        api POST "/api/v1/decisions" Edit ["Decisions", "Record a decision", "DecisionFields"] -> 201 Decision => assessments::api_create_decision;
        api PUT "/api/v1/decisions/{id}" Edit ["Decisions", "Change a decision's record", "RecordEdit"] -> 200 Decision => assessments::api_update_decision;
        api PATCH "/api/v1/decisions/{id}" Edit ["Decisions", "Change some fields of a decision's record", "RecordEdit"] -> 200 Decision => assessments::api_update_decision;
        api GET "/api/v1/decisions/{id}" Read ["Decisions", "A decision and its due-regard check"] => assessments::api_decision;
        api GET "/api/v1/incidents" Read ["Incidents", "Every count of hate crimes, hate incidents, harassment and community tension, by period, kind, motivation and area"] -> 200 Vec<dueregard_core::incident::IncidentCount> => incidents::api_list;
        api PUT "/api/v1/incidents" Edit ["Incidents", "Replace the counts of the periods named", "IncidentCounts"] -> 200 indicators_api::ValuesReplaced => incidents::api_put;
        api GET "/api/v1/partnerships" Read ["Partnerships", "Shared objectives the body owns or is a partner in, with every member's actions and their progress"] -> 200 Vec<dueregard_core::partnership::SharedObjective> => partnerships::api_list;
        api GET "/api/v1/partnerships/{id}" Read ["Partnerships", "One shared objective, with every member's actions and their progress"] -> 200 dueregard_core::partnership::SharedObjective => partnerships::api_show;
        api GET "/api/v1/frameworks" Read ["Frameworks", "Self-assessments against an equality framework, each with where it stands and its gaps"] -> 200 Vec<frameworks::SelfAssessmentView> => frameworks::api_list;
        api GET "/api/v1/frameworks/{id}" Read ["Frameworks", "One self-assessment: each criterion's level, evidence and gap, the peer review, where it stands and its gaps"] -> 200 frameworks::SelfAssessmentView => frameworks::api_show;
        api GET "/api/v1/budget-rounds" Read ["Budget rounds", "List budget rounds"] -> 200 Vec<dueregard_core::budget::BudgetRound> => budget_rounds::api_list;
        api GET "/api/v1/budget-rounds/{id}" Read ["Budget rounds", "A budget round with its matrix: each proposal's impact on each group, and the groups several proposals hit"] -> 200 budget_rounds::BudgetRoundView => budget_rounds::api_show;
        api GET "/api/v1/catalogue" Read ["Catalogue", "Evidence-based actions, each with its source and the strength of its evidence"] -> 200 Vec<dueregard_core::catalogue::CatalogueAction> => catalogue::api_list;
        api GET "/api/v1/training/courses" Read ["Training", "List training courses"] -> 200 Vec<dueregard_core::training::Course> => training::api_courses;
        api GET "/api/v1/training/courses/{id}/coverage" Read ["Training", "A course's coverage today: everyone it is for, officers by directorate, and members"] -> 200 Vec<dueregard_core::training::Coverage> => training::api_coverage;
        api GET "/api/v1/training/sessions" Read ["Training", "List training sessions and who came, latest first"] -> 200 Vec<dueregard_core::training::TrainingSession> => training::api_sessions;
        api GET "/api/v1/indicators" Read ["Indicators", "List indicators: definitions, targets and thresholds"] -> 200 Vec<dueregard_core::indicator::Indicator> => indicators_api::api_list;
        api POST "/api/v1/indicators" Edit ["Indicators", "Add an indicator", "IndicatorFields"] -> 201 dueregard_core::indicator::Indicator => indicators_api::api_create;
        api GET "/api/v1/indicators/{id}" Read ["Indicators", "One indicator's definition"] -> 200 dueregard_core::indicator::Indicator => json_edit::get::<indicators_api::IndicatorApi>;
        api PUT "/api/v1/indicators/{id}" Edit ["Indicators", "Change an indicator", "RecordEdit"] -> 200 dueregard_core::indicator::Indicator => json_edit::update::<indicators_api::IndicatorApi>;
        api PATCH "/api/v1/indicators/{id}" Edit ["Indicators", "Change some fields of an indicator", "RecordEdit"] -> 200 dueregard_core::indicator::Indicator => json_edit::update::<indicators_api::IndicatorApi>;
        api GET "/api/v1/indicators/{id}/series" Read ["Indicators", "An indicator's values for everyone and by group, after disclosure control, with each period's colour and the gaps between groups"] -> 200 dueregard_core::indicator::values::Series => indicators_api::api_series;
        api PUT "/api/v1/indicators/{id}/values" Edit ["Indicators", "Replace the values of the periods named, every group of each", "Observations"] -> 200 indicators_api::ValuesReplaced => indicators_api::api_put_values;
        api GET "/api/v1/workforce" Read ["Workforce", "List workforce snapshots"] -> 200 Vec<WorkforceSnapshot> => workforce::api_list;
        api GET "/api/v1/workforce/{id}" Read ["Workforce", "A snapshot's report: pay gaps, profile and representation, after disclosure control"] => workforce::api_report;
        api GET "/api/v1/objectives" Read ["Equality objectives", "List equality objectives"] -> 200 Vec<EqualityObjective> => objectives::api_list;
        api POST "/api/v1/objectives" Edit ["Equality objectives", "Create an equality objective", "ObjectiveInput"] -> 201 EqualityObjective => objectives::api_create;
        api GET "/api/v1/objectives/{id}" Read ["Equality objectives", "Get an equality objective"] -> 200 EqualityObjective => json_edit::get::<objectives::ObjectiveApi>;
        api PUT "/api/v1/objectives/{id}" Edit ["Equality objectives", "Edit an equality objective", "RecordEdit"] -> 200 EqualityObjective => json_edit::update::<objectives::ObjectiveApi>;
        api PATCH "/api/v1/objectives/{id}" Edit ["Equality objectives", "Change some fields of an equality objective", "RecordEdit"] -> 200 EqualityObjective => json_edit::update::<objectives::ObjectiveApi>;
        api GET "/api/v1/plans" Read ["Action plans", "List action plans"] -> 200 Vec<ActionPlan> => plans::api_list;
        api POST "/api/v1/plans" Edit ["Action plans", "Create an action plan", "PlanInput"] -> 201 ActionPlan => plans::api_create;
        api GET "/api/v1/plans/{id}" Read ["Action plans", "Get a whole plan: priorities, objectives, actions, outcomes, glossary"] -> 200 PlanTree => json_edit::get::<plans::PlanApi>;
        api PUT "/api/v1/plans/{id}" Edit ["Action plans", "Edit a plan's details", "RecordEdit"] -> 200 ActionPlan => json_edit::update::<plans::PlanApi>;
        api PATCH "/api/v1/plans/{id}" Edit ["Action plans", "Change some fields of a plan's details", "RecordEdit"] -> 200 ActionPlan => json_edit::update::<plans::PlanApi>;
        api POST "/api/v1/plans/{id}/priorities" Edit ["Action plans", "Add a priority to a plan", "PriorityInput"] -> 201 Priority => plan_parts::api_create_priority;
        api GET "/api/v1/priorities/{id}" Read ["Action plans", "Get a priority"] -> 200 Priority => json_edit::get::<plan_parts::PriorityApi>;
        api PUT "/api/v1/priorities/{id}" Edit ["Action plans", "Edit a priority", "RecordEdit"] -> 200 Priority => json_edit::update::<plan_parts::PriorityApi>;
        api PATCH "/api/v1/priorities/{id}" Edit ["Action plans", "Change some fields of a priority", "RecordEdit"] -> 200 Priority => json_edit::update::<plan_parts::PriorityApi>;
        api POST "/api/v1/plans/{id}/objectives" Edit ["Action plans", "Add an objective (CE1 …) to a plan", "PlanObjectiveInput"] -> 201 PlanObjective => plan_parts::api_create_objective;
        api GET "/api/v1/plan-objectives/{id}" Read ["Action plans", "Get a plan objective"] -> 200 PlanObjective => json_edit::get::<plan_parts::PlanObjectiveApi>;
        api PUT "/api/v1/plan-objectives/{id}" Edit ["Action plans", "Edit a plan objective", "RecordEdit"] -> 200 PlanObjective => json_edit::update::<plan_parts::PlanObjectiveApi>;
        api PATCH "/api/v1/plan-objectives/{id}" Edit ["Action plans", "Change some fields of a plan objective", "RecordEdit"] -> 200 PlanObjective => json_edit::update::<plan_parts::PlanObjectiveApi>;
        api POST "/api/v1/plans/{id}/glossary" Edit ["Action plans", "Add an abbreviation to a plan's glossary", "GlossaryInput"] -> 201 GlossaryEntry => plan_parts::api_create_glossary;
        api GET "/api/v1/glossary/{id}" Read ["Action plans", "Get a glossary entry"] -> 200 GlossaryEntry => json_edit::get::<plan_parts::GlossaryApi>;
        api PUT "/api/v1/glossary/{id}" Edit ["Action plans", "Change a glossary entry", "RecordEdit"] -> 200 GlossaryEntry => json_edit::update::<plan_parts::GlossaryApi>;
        api PATCH "/api/v1/glossary/{id}" Edit ["Action plans", "Change some fields of a glossary entry", "RecordEdit"] -> 200 GlossaryEntry => json_edit::update::<plan_parts::GlossaryApi>;
        api POST "/api/v1/plans/{id}/actions" Edit ["Actions", "Add an action to a plan", "ActionInput"] -> 201 Action => actions::api_create;
        api GET "/api/v1/actions/{id}" Read ["Actions", "Get an action"] -> 200 Action => json_edit::get::<actions::ActionApi>;
        api PUT "/api/v1/actions/{id}" Edit ["Actions", "Edit an action", "RecordEdit"] -> 200 Action => json_edit::update::<actions::ActionApi>;
        api PATCH "/api/v1/actions/{id}" Edit ["Actions", "Change some fields of an action", "RecordEdit"] -> 200 Action => json_edit::update::<actions::ActionApi>;
        api GET "/api/v1/actions/{id}/updates" Read ["Actions", "List an action's progress updates, newest first"] -> 200 Vec<ProgressUpdate> => actions::api_updates;
        api POST "/api/v1/actions/{id}/updates" Update ["Actions", "Report progress on an action", "UpdateInput"] -> 201 ProgressUpdate => actions::api_create_update;
        api GET "/api/v1/people" Read ["People", "List people"] -> 200 Vec<Person> => people::api_list;
        api POST "/api/v1/people" Edit ["People", "Add a person", "PersonInput"] -> 201 Person => people::api_create;
        api GET "/api/v1/people/{id}" Read ["People", "Get a person"] -> 200 Person => json_edit::get::<people::PersonApi>;
        api PUT "/api/v1/people/{id}" Edit ["People", "Edit a person", "RecordEdit"] -> 200 Person => json_edit::update::<people::PersonApi>;
        api PATCH "/api/v1/people/{id}" Edit ["People", "Change some fields of a person", "RecordEdit"] -> 200 Person => json_edit::update::<people::PersonApi>;
        api GET "/api/v1/directorates" Read ["People", "List directorates"] -> 200 Vec<Directorate> => people::api_directorates;
        api POST "/api/v1/directorates" Edit ["People", "Add a directorate", "DirectorateInput"] -> 201 Directorate => people::api_create_directorate;
        api GET "/api/v1/committees" Read ["People", "List committees and groups"] -> 200 Vec<Committee> => committees::api_list;
        api POST "/api/v1/committees" Edit ["People", "Add a committee or group", "CommitteeFields"] -> 201 Committee => committees::api_create;
        api GET "/api/v1/committees/{id}" Read ["People", "Get a committee or group"] -> 200 Committee => json_edit::get::<committees::CommitteeApi>;
        api PUT "/api/v1/committees/{id}" Edit ["People", "Change a committee or group", "RecordEdit"] -> 200 Committee => json_edit::update::<committees::CommitteeApi>;
        api PATCH "/api/v1/committees/{id}" Edit ["People", "Change some fields of a committee or group", "RecordEdit"] -> 200 Committee => json_edit::update::<committees::CommitteeApi>;
        api GET "/api/v1/local-characteristics" Read ["People", "List the organisation's local characteristics"] -> 200 Vec<LocalCharacteristic> => committees::api_list_local;
        api GET "/api/v1/local-characteristics/{id}" Read ["People", "Get a local characteristic"] -> 200 LocalCharacteristic => json_edit::get::<committees::LocalCharacteristicApi>;
        api PUT "/api/v1/local-characteristics/{id}" Edit ["People", "Change a local characteristic", "RecordEdit"] -> 200 LocalCharacteristic => json_edit::update::<committees::LocalCharacteristicApi>;
        api PATCH "/api/v1/local-characteristics/{id}" Edit ["People", "Change some fields of a local characteristic", "RecordEdit"] -> 200 LocalCharacteristic => json_edit::update::<committees::LocalCharacteristicApi>;
        api POST "/api/v1/records/{kind}/{id}/archive" Edit ["Records", "Archive a record: objectives, plans, priorities, plan-objectives, outcomes, glossary, actions, people, directorates, committees or local-characteristics", "VersionOnly"] => records::api_archive;
        api POST "/api/v1/records/{kind}/{id}/restore" Edit ["Records", "Restore an archived record", "VersionOnly"] => records::api_restore;
        api DELETE "/api/v1/records/{kind}/{id}" Edit ["Records", "Delete a record nothing refers to; otherwise 422 naming what refers to it"] => records::api_delete;
        api GET "/api/v1/search" Read ["Search", "Search objectives, plans and actions (?q=)"] -> 200 Vec<SearchHit> => search::api;
    }
}

pub fn app(mut state: AppState) -> Router {
    let table = routes();
    state.openapi = crate::web::openapi::build(&table).to_string().into();
    let mut merged: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for r in table {
        let handler = if r.access == Access::Public {
            r.handler
        } else {
            let checks = (state.clone(), r.access, r.api.is_some());
            r.handler
                .route_layer(axum::middleware::from_fn_with_state(checks, guard))
        };
        match merged.iter_mut().find(|(p, _)| *p == r.path) {
            Some((_, m)) => *m = std::mem::take(m).merge(handler),
            None => merged.push((r.path, handler)),
        }
    }
    let mut router = Router::new();
    for (path, handler) in merged {
        router = router.route(path, handler);
    }
    crate::web::trace::layers(
        router
            .route_layer(axum::middleware::from_fn(crate::web::trace::record_route))
            .fallback(|| async { crate::web::error::AppError::NotFound.into_page() })
            .layer(DefaultBodyLimit::max(crate::web::respond::BODY_LIMIT))
            .layer(axum::middleware::map_response(security_headers))
            .layer(axum::middleware::map_response({
                let https = state.secure_cookies;
                move |r| crate::web::transport_headers(https, r)
            }))
            .with_state(state),
    )
}
