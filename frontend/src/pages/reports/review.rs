//! The standing unit's review queue (reports submitted, oldest change last) and a period's
//! obligations of a template; the timeliness table of recent periods for the standing
//! unit and the leadership.

use super::model::{state_label, timeliness_label};
use crate::{
    api,
    components::{
        dates::date,
        form::{SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, use_paged, Load},
        status::{Empty, ErrorNote, Loading},
    },
    format,
    i18n::t,
    route::Route,
    state::use_session,
};
use danvan_domain::report::{PeriodType, ReportPeriod, ReportTemplate};
use yew::prelude::*;

/// The live periodic templates, by name.
pub(super) async fn periodic_templates() -> Result<Vec<ReportTemplate>, api::ApiError> {
    let page = api::client().list_report_templates(&[("archived", "false"), ("limit", "200")]).await?;
    Ok(page.items.into_iter().filter(|t| t.period_type != PeriodType::AdHoc).collect())
}

/// A choice of template: the first when none is chosen yet.
pub(super) fn chosen(templates: &[ReportTemplate], choice: &str) -> Option<ReportTemplate> {
    templates.iter().find(|t| t.id.to_string() == choice).or_else(|| templates.first()).cloned()
}

pub(super) fn options(templates: &[ReportTemplate]) -> Vec<(AttrValue, AttrValue)> {
    templates.iter().map(|t| (t.id.to_string().into(), t.name.clone().into())).collect()
}

#[component]
pub fn ReviewQueue() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("reports.review"));
    let queue = use_paged((), |(), cursor| async move {
        let cursor = cursor.unwrap_or_default();
        api::client().list_report_submissions(&[("status", "submitted"), ("cursor", cursor.as_str())]).await
    });
    let templates = use_load((), |()| periodic_templates());
    let template = use_state(String::new);
    let period = use_state(String::new);
    let list = &*queue.list;
    let current = templates.ready().and_then(|templates| chosen(templates, &template));
    let period_key = match (&current, period.is_empty()) {
        (Some(template), true) => ReportPeriod::last_ended(template.period_type, crate::components::dates::today()).key,
        _ => (*period).clone(),
    };
    let obligations = use_load((current.as_ref().map(|t| t.id), period_key.clone()), |(template, period)| async move {
        match template {
            Some(id) => api::client().list_report_obligations(id, &[("period", period.as_str())]).await,
            None => Ok(Vec::new()),
        }
    });
    html! {
        <section class="page reports" data-testid="review-page">
            <header class="page-head"><h1>{ session.t("reports.review") }</h1></header>
            <h2>{ t(lang, "reports.queue") }</h2>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() && !list.loading { <Empty key_name="reports.queue_empty" /> }
            <ul class="cards submissions">
                { for list.items.iter().map(|report| html! {
                    <li key={report.id.to_string()} class="card" data-testid="queue-row">
                        <AppLink to={Route::ReportSubmission { id: report.id }} testid="queue-link">{ &report.title }</AppLink>
                        if report.urgent { <span class="badge urgent">{ t(lang, "reports.urgent") }</span> }
                        <p class="meta">{ format!("{} · {}", report.reporter.name, report.submitted_at.map(|at| format::datetime(lang, &at)).unwrap_or_default()) }</p>
                    </li>
                }) }
            </ul>
            if list.loading { <Loading /> }
            if list.next.is_some() && !list.loading {
                <button type="button" class="secondary" onclick={queue.more.reform(|_| ())}>{ session.t("action.more") }</button>
            }
            <h2>{ t(lang, "reports.period_obligations") }</h2>
            if let Load::Ready(templates) = &*templates {
                <div class="filters">
                    <SelectField id="obligations-template" field="template_id" label={t(lang, "reports.template")}
                        value={current.as_ref().map(|t| t.id.to_string()).unwrap_or_default()} options={options(templates)}
                        onchange={{ let template = template.clone(); Callback::from(move |value: String| template.set(value)) }} />
                    <TextField id="obligations-period" field="period" label={t(lang, "reports.period")} value={period_key.clone()}
                        oninput={{ let period = period.clone(); Callback::from(move |value: String| period.set(value)) }} />
                </div>
            }
            { match &*obligations {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(owed) if owed.is_empty() => html! { <Empty key_name="reports.nobody_owes" /> },
                Load::Ready(owed) => html! {
                    <div class="table-scroll">
                        <table data-testid="obligation-table">
                            <thead><tr>
                                <th>{ t(lang, "reports.reporter") }</th><th>{ t(lang, "reports.covers") }</th>
                                <th>{ t(lang, "reports.state") }</th><th>{ t(lang, "reports.submitted_at") }</th>
                            </tr></thead>
                            <tbody>
                                { for owed.iter().map(|o| {
                                    let covers: Vec<&str> = o.basis.target_groups.iter().chain(&o.basis.fields).chain(&o.basis.areas)
                                        .map(|n| n.name.as_str()).chain(o.basis.org_unit.iter().map(|u| u.name.as_str())).collect();
                                    html! {
                                        <tr data-testid="obligation-row">
                                            <td>{ match o.submission_id {
                                                Some(id) => html! { <AppLink to={Route::ReportSubmission { id }}>{ &o.reporter.name }</AppLink> },
                                                None => html! { &o.reporter.name },
                                            } }</td>
                                            <td>{ covers.join(", ") }
                                                if o.basis.covered_from > o.period_start {
                                                    <span class="meta">{ format!(" ({} {})", t(lang, "reports.from"), date(lang, o.basis.covered_from)) }</span>
                                                }
                                            </td>
                                            <td><span class={classes!("badge", o.state.as_str())}>{ state_label(lang, o.state) }</span></td>
                                            <td>{ o.submitted_at.map(|at| format::datetime(lang, &at)).unwrap_or_default() }</td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                },
            } }
        </section>
    }
}

#[component]
pub fn Timeliness() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("reports.timeliness"));
    let templates = use_load((), |()| periodic_templates());
    let template = use_state(String::new);
    let current = templates.ready().and_then(|templates| chosen(templates, &template));
    let table = use_load(current.as_ref().map(|t| t.id), |template| async move {
        match template {
            Some(id) => api::client().report_timeliness(id, &[("periods", "6")]).await.map(Some),
            None => Ok(None),
        }
    });
    html! {
        <section class="page reports" data-testid="timeliness-page">
            <header class="page-head"><h1>{ session.t("reports.timeliness") }</h1></header>
            if let Load::Ready(templates) = &*templates {
                <div class="filters">
                    <SelectField id="timeliness-template" field="template_id" label={t(lang, "reports.template")}
                        value={current.as_ref().map(|t| t.id.to_string()).unwrap_or_default()} options={options(templates)}
                        onchange={{ let template = template.clone(); Callback::from(move |value: String| template.set(value)) }} />
                </div>
            }
            { match &*table {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(found) => match found.as_ref() {
                None => html! { <Empty key_name="reports.no_templates" /> },
                Some(table) => html! {
                    <>
                        <p class="meta" data-testid="timeliness-totals">{ t(lang, "reports.totals")
                            .replace("{on_time}", &table.on_time.to_string())
                            .replace("{late}", &table.late.to_string())
                            .replace("{missing}", &table.missing.to_string()) }</p>
                        <div class="table-scroll">
                            <table data-testid="timeliness-table">
                                <thead><tr>
                                    <th>{ t(lang, "reports.reporter") }</th>
                                    { for table.periods.iter().map(|period| html! { <th>{ period }</th> }) }
                                </tr></thead>
                                <tbody>
                                    { for table.rows.iter().map(|row| html! {
                                        <tr>
                                            <td>{ &row.reporter.name }</td>
                                            { for row.cells.iter().map(|cell| match cell {
                                                Some(cell) => html! { <td><span class={classes!("badge", cell.as_str())}>{ timeliness_label(lang, *cell) }</span></td> },
                                                None => html! { <td class="meta">{ "—" }</td> },
                                            }) }
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    </>
                },
                },
            } }
        </section>
    }
}
