//! "My reports": what the caller owes now (each live periodic template's last ended
//! period) with its state and the way in, their recent reports, and an urgent (ad hoc)
//! report filed at any time. The national roles also find their way to the review queue,
//! the timeliness table and the consolidated reports.

use super::model::{state_label, status_label};
use crate::{
    api,
    components::{
        dates::date,
        form::{show_failure, Checkbox, SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, use_paged, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    route::Route,
    state::use_session,
};
use danvan_domain::{
    permission::Action,
    policy,
    report::{CreateReportSubmission, Obligation, ObligationState, PeriodType},
    validation::FieldError,
};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

#[component]
pub fn MyReports() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.reports"));
    let me = session.state.me.as_ref().map(|me| (me.user.id, me.user.role));
    let national = me.is_some_and(|(_, role)| policy::sees_all_reports(role));
    let owed = use_load((), |()| async move { api::client().list_my_report_obligations().await });
    let mine = me.map(|(id, _)| id.to_string()).unwrap_or_default();
    let reports = use_paged(mine, |mine, cursor| async move {
        let cursor = cursor.unwrap_or_default();
        api::client().list_report_submissions(&[("reporter_id", mine.as_str()), ("cursor", cursor.as_str())]).await
    });
    let list = &*reports.list;
    html! {
        <section class="page reports" data-testid="my-reports-page">
            <header class="page-head">
                <h1>{ session.t("nav.reports") }</h1>
            </header>
            if national {
                <nav class="sub-links">
                    if session.state.can(Action::ReportsReview) {
                        <AppLink to={Route::ReportReview} testid="to-review" class="button secondary">{ session.t("reports.review") }</AppLink>
                    }
                    <AppLink to={Route::ReportTimeliness} testid="to-timeliness" class="button secondary">{ session.t("reports.timeliness") }</AppLink>
                    <AppLink to={Route::ConsolidatedReports} testid="to-consolidated" class="button secondary">{ session.t("reports.consolidated") }</AppLink>
                </nav>
            }
            <h2>{ session.t("reports.owed") }</h2>
            { match &*owed {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(owed) if owed.is_empty() => html! { <Empty key_name="reports.owe_nothing" /> },
                Load::Ready(owed) => html! {
                    <ul class="cards obligations">
                        { for owed.iter().map(|obligation| html! { <OwedCard obligation={obligation.clone()} /> }) }
                    </ul>
                },
            } }
            if session.state.can(Action::ReportsSubmit) { <UrgentForm /> }
            <h2>{ session.t("reports.mine") }</h2>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() && !list.loading { <Empty key_name="reports.none" /> }
            <ul class="cards submissions">
                { for list.items.iter().map(|report| html! {
                    <li key={report.id.to_string()} class="card" data-testid="my-report-row">
                        <AppLink to={Route::ReportSubmission { id: report.id }} testid="report-link">{ &report.title }</AppLink>
                        <span class={classes!("badge", report.status.as_str())}>{ status_label(lang, report.status) }</span>
                        if report.urgent { <span class="badge urgent">{ t(lang, "reports.urgent") }</span> }
                        <p class="meta">{ format!("{} · {}", report.template.name, report.period) }</p>
                    </li>
                }) }
            </ul>
            if list.loading { <Loading /> }
            if list.next.is_some() && !list.loading {
                <button type="button" class="secondary" onclick={reports.more.reform(|_| ())}>{ session.t("action.more") }</button>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OwedProps {
    obligation: Obligation,
}

/// One obligation: its template and period, when it is due, its state, and the way in
/// (the report, or a button that starts it).
#[component]
fn OwedCard(props: &OwedProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let toast = use_toast();
    let busy = use_state(|| false);
    let o = &props.obligation;
    let start = {
        let (template, period, busy, toast) = (o.template.id, o.period.clone(), busy.clone(), toast.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            let (period, busy, toast, navigator) = (period.clone(), busy.clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                let request = CreateReportSubmission {
                    template_id: template,
                    period: Some(period),
                    urgent: false,
                    title: String::new(),
                    figures: Vec::new(),
                    narratives: Vec::new(),
                };
                match api::client().create_report_submission(&request, Some(&api::new_key())).await {
                    Ok(report) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::ReportSubmission { id: report.id });
                        }
                    }
                    Err(error) => toast.emit(Toast::error(lang, &error)),
                }
                busy.set(false);
            });
        })
    };
    let due = t(lang, "reports.due_on").replace("{date}", &date(lang, o.due_on));
    html! {
        <li class="card obligation" data-testid="owed-row">
            <strong>{ &o.template.name }</strong>
            <span class={classes!("badge", o.state.as_str())} data-testid="owed-state">{ state_label(lang, o.state) }</span>
            <p class="meta">{ format!("{} {} · {due}", t(lang, "reports.period"), o.period) }</p>
            { match o.submission_id {
                Some(id) => html! {
                    <AppLink to={Route::ReportSubmission { id }} testid="owed-open" class="button secondary">{ t(lang, "reports.open") }</AppLink>
                },
                None if matches!(o.state, ObligationState::NotStarted | ObligationState::Late) => html! {
                    <button type="button" class="primary" data-testid="owed-start" disabled={*busy} onclick={start}>{ t(lang, "reports.start") }</button>
                },
                None => html! {},
            } }
        </li>
    }
}

/// An ad hoc report, urgent or not: its template, title and the urgent flag; the report's
/// page opens to fill it in.
#[component]
fn UrgentForm() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let toast = use_toast();
    let templates = use_load((), |()| async move {
        let page = api::client().list_report_templates(&[("archived", "false"), ("limit", "200")]).await?;
        Ok(page.items.into_iter().filter(|t| t.period_type == PeriodType::AdHoc).collect::<Vec<_>>())
    });
    let template = use_state(String::new);
    let title = use_state(String::new);
    let urgent = use_state(|| true);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let Load::Ready(templates) = &*templates else { return html! {} };
    if templates.is_empty() {
        return html! {};
    }
    let chosen = if template.is_empty() { templates[0].id.to_string() } else { (*template).clone() };
    let send = {
        let (title, urgent, errors, busy, toast, chosen) =
            (title.clone(), urgent.clone(), errors.clone(), busy.clone(), toast.clone(), chosen.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Ok(template_id) = chosen.parse::<Uuid>() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let request = CreateReportSubmission {
                template_id,
                period: None,
                urgent: *urgent,
                title: (*title).clone(),
                figures: Vec::new(),
                narratives: Vec::new(),
            };
            let (errors, busy, toast, navigator) = (errors.clone(), busy.clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_report_submission(&request, Some(&api::new_key())).await {
                    Ok(report) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::ReportSubmission { id: report.id });
                        }
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let options: Vec<(AttrValue, AttrValue)> =
        templates.iter().map(|t| (t.id.to_string().into(), t.name.clone().into())).collect();
    let error = crate::components::form::field_message(lang, &errors, "title");
    html! {
        <form class="card form urgent-form" data-testid="urgent-form" onsubmit={send}>
            <h2>{ t(lang, "reports.ad_hoc") }</h2>
            <SelectField id="urgent-template" field="template_id" label={t(lang, "reports.template")} value={chosen.clone()}
                {options} onchange={Callback::from(move |value: String| template.set(value))} />
            <TextField id="urgent-title" field="title" label={t(lang, "reports.title")} value={(*title).clone()}
                oninput={Callback::from(move |value: String| title.set(value))} {error} required=true />
            <Checkbox id="urgent-flag" label={t(lang, "reports.urgent_flag")} checked={*urgent}
                onchange={Callback::from(move |value: bool| urgent.set(value))} />
            <button type="submit" class="primary" data-testid="urgent-start" disabled={*busy}>{ t(lang, "reports.start") }</button>
        </form>
    }
}
