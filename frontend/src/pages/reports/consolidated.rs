//! The consolidated reports: the list with the form that builds one for a template's
//! period, and a report's editor: its figures with the submissions each sums, its
//! sections, recipients and signatory (each save a revision), the reporters' annex, its
//! revisions, the leader's sign-off, and the DOCX and PDF downloads.

use super::model::timeliness_label;
use super::review::{chosen, options, periodic_templates};
use crate::{
    api,
    components::{
        dates::today,
        download::save_file,
        form::{show_failure, show_save_failure, SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, use_paged, Load},
        status::{Empty, ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::{t, Lang},
    pages::IdProps,
    route::Route,
    state::use_session,
};
use danvan_domain::{
    permission::Action,
    report::{
        ConsolidatedReport, ConsolidatedStatus, CreateConsolidatedReport, ReportPeriod, ReportSection, Signatory,
        UpdateConsolidatedReport,
    },
    validation::FieldError,
};
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

fn status_label(lang: Lang, status: ConsolidatedStatus) -> &'static str {
    t(lang, &format!("reports.consolidated_status.{}", status.as_str()))
}

#[component]
pub fn ConsolidatedList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("reports.consolidated"));
    let paged = use_paged((), |(), cursor| async move {
        let cursor = cursor.unwrap_or_default();
        api::client().list_consolidated_reports(&[("cursor", cursor.as_str())]).await
    });
    let list = &*paged.list;
    html! {
        <section class="page reports" data-testid="consolidated-page">
            <header class="page-head"><h1>{ session.t("reports.consolidated") }</h1></header>
            if session.state.can(Action::ReportsReview) { <BuildForm /> }
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() && !list.loading { <Empty key_name="reports.no_consolidated" /> }
            <ul class="cards">
                { for list.items.iter().map(|report| html! {
                    <li key={report.id.to_string()} class="card" data-testid="consolidated-row">
                        <AppLink to={Route::ConsolidatedReport { id: report.id }} testid="consolidated-link">{ &report.title }</AppLink>
                        <span class={classes!("badge", report.status.as_str())}>{ status_label(lang, report.status) }</span>
                        <p class="meta">{ format!("{} · {}", report.period, report.number.clone().unwrap_or_else(|| t(lang, "reports.draft_number").to_owned())) }</p>
                    </li>
                }) }
            </ul>
            if list.loading { <Loading /> }
            if list.next.is_some() && !list.loading {
                <button type="button" class="secondary" onclick={paged.more.reform(|_| ())}>{ session.t("action.more") }</button>
            }
        </section>
    }
}

/// Builds the consolidated report of a template's period (the last ended one by default).
#[component]
fn BuildForm() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let toast = use_toast();
    let templates = use_load((), |()| periodic_templates());
    let template = use_state(String::new);
    let period = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let Load::Ready(templates) = &*templates else { return html! {} };
    let Some(current) = chosen(templates, &template) else {
        return html! {};
    };
    let period_key =
        if period.is_empty() { ReportPeriod::last_ended(current.period_type, today()).key } else { (*period).clone() };
    let send = {
        let (errors, busy, toast, period_key) = (errors.clone(), busy.clone(), toast.clone(), period_key.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let request = CreateConsolidatedReport { template_id: current.id, period: period_key.clone() };
            let (errors, busy, toast, navigator) = (errors.clone(), busy.clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_consolidated_report(&request, Some(&api::new_key())).await {
                    Ok(report) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::ConsolidatedReport { id: report.id });
                        }
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let options = options(templates);
    let error = crate::components::form::field_message(lang, &errors, "period");
    html! {
        <form class="card form" data-testid="build-form" onsubmit={send}>
            <h2>{ t(lang, "reports.build") }</h2>
            <SelectField id="build-template" field="template_id" label={t(lang, "reports.template")}
                value={(*template).clone()} {options}
                onchange={{ let template = template.clone(); Callback::from(move |value: String| template.set(value)) }} />
            <TextField id="build-period" field="period" label={t(lang, "reports.period")} value={period_key} {error}
                oninput={{ let period = period.clone(); Callback::from(move |value: String| period.set(value)) }} />
            <button type="submit" class="primary" data-testid="build-submit" disabled={*busy}>{ t(lang, "reports.build") }</button>
        </form>
    }
}

/// What the editor holds.
#[derive(Debug, Clone, PartialEq)]
struct Edits {
    title: String,
    sections: Vec<ReportSection>,
    recipients: String,
    signatory: Signatory,
}

impl Edits {
    fn of(report: &ConsolidatedReport) -> Edits {
        Edits {
            title: report.title.clone(),
            sections: report.sections.clone(),
            recipients: report.recipients.join("\n"),
            signatory: report.signatory.clone(),
        }
    }

    fn request(&self, refresh_figures: bool) -> UpdateConsolidatedReport {
        UpdateConsolidatedReport {
            title: Some(self.title.clone()),
            sections: Some(self.sections.clone()),
            recipients: Some(
                self.recipients.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect(),
            ),
            signatory: Some(self.signatory.clone()),
            refresh_figures,
        }
    }
}

#[component]
pub fn ConsolidatedPage(props: &IdProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("reports.consolidated_report"));
    let toast = use_toast();
    let reload = use_state(|| 0u32);
    let id = props.id;
    let loaded = use_load((id, *reload), |(id, _)| async move { api::client().get_consolidated_report(id).await });
    let revisions =
        use_load((id, *reload), |(id, _)| async move { api::client().list_consolidated_revisions(id).await });
    let edits = use_state(|| Edits {
        title: String::new(),
        sections: Vec::new(),
        recipients: String::new(),
        signatory: Signatory { capacity: String::new(), title: String::new(), name: String::new() },
    });
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    {
        let edits = edits.clone();
        let report = loaded.ready().map(|tagged| tagged.value.clone());
        use_effect_with(report.as_ref().map(|r| r.version), move |_| {
            if let Some(report) = report {
                edits.set(Edits::of(&report));
            }
        });
    }
    let tagged = match &*loaded {
        Load::Loading => return html! { <Loading /> },
        Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(tagged) => tagged.clone(),
    };
    let report = tagged.value.clone();
    let act = |kind: &'static str| {
        let (edits, errors, busy, toast, reload, etag) =
            (edits.clone(), errors.clone(), busy.clone(), toast.clone(), reload.clone(), tagged.etag.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            let (request, errors, busy, toast, reload, etag) =
                ((*edits).clone(), errors.clone(), busy.clone(), toast.clone(), reload.clone(), etag.clone());
            spawn_local(async move {
                let client = api::client();
                let answer = match kind {
                    "sign" => client.sign_off_consolidated_report(id, &etag).await,
                    "refresh" => client.update_consolidated_report(id, &etag, &request.request(true)).await,
                    _ => client.update_consolidated_report(id, &etag, &request.request(false)).await,
                };
                match answer {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, &format!("reports.done.{kind}"))));
                        errors.set(Vec::new());
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(error) => {
                        let reload = Callback::from(move |()| reload.set(reload.wrapping_add(1)));
                        show_save_failure(lang, &error, &errors, &toast, &reload);
                    }
                }
                busy.set(false);
            });
        })
    };
    let download = |format: &'static str| {
        let toast = toast.clone();
        Callback::from(move |_| {
            let toast = toast.clone();
            spawn_local(async move {
                match api::client().consolidated_report_document(id, format).await {
                    Ok(file) => {
                        let name = file.file_name().unwrap_or_else(|| format!("bao-cao.{format}"));
                        save_file(&file.bytes, &name);
                    }
                    Err(error) => toast.emit(Toast::error(lang, &error)),
                }
            });
        })
    };
    let error_of = |field: &str| crate::components::form::field_message(lang, &errors, field);
    let set = |apply: fn(&mut Edits, String)| crate::components::form::edit(&edits, apply);
    html! {
        <section class="page report consolidated" data-testid="consolidated-report-page">
            <header class="page-head">
                <h1>{ &report.title }</h1>
                <span class={classes!("badge", report.status.as_str())} data-testid="consolidated-status">{ status_label(lang, report.status) }</span>
            </header>
            <p class="meta" data-testid="consolidated-number">
                { format!("{} · {} · {} {}", report.template.name, report.period,
                    report.number.clone().unwrap_or_else(|| t(lang, "reports.draft_number").to_owned()),
                    t(lang, "reports.revision").replace("{n}", &report.revision.to_string())) }
            </p>
            <div class="actions">
                <button type="button" class="secondary" data-testid="download-pdf" onclick={download("pdf")}>{ t(lang, "reports.download_pdf") }</button>
                <button type="button" class="secondary" data-testid="download-docx" onclick={download("docx")}>{ t(lang, "reports.download_docx") }</button>
                if report.can_sign_off {
                    <button type="button" class="primary" data-testid="sign-off" disabled={*busy} onclick={act("sign")}>{ t(lang, "reports.sign_off") }</button>
                }
            </div>
            <h2>{ t(lang, "reports.figures") }</h2>
            <p class="meta" data-testid="consolidated-counts">{ t(lang, "reports.counted")
                .replace("{approved}", &report.approved_count.to_string())
                .replace("{excluded}", &report.excluded_count.to_string()) }</p>
            <div class="table-scroll">
                <table class="figures" data-testid="consolidated-figures">
                    <thead><tr>
                        <th>{ t(lang, "reports.indicator") }</th><th>{ t(lang, "reports.item") }</th>
                        <th>{ t(lang, "reports.value") }</th><th>{ t(lang, "reports.sources") }</th>
                    </tr></thead>
                    <tbody>
                        { for report.figures.iter().map(|figure| html! {
                            <tr>
                                <td>{ format!("{} ({})", figure.label, figure.unit) }</td>
                                <td>{ figure.item.as_ref().map(|item| item.name.clone()).unwrap_or_else(|| "—".into()) }</td>
                                <td class="number" data-testid={format!("total-{}", figure.indicator)}>{ format::number(lang, figure.total) }</td>
                                <td>
                                    <details>
                                        <summary>{ t(lang, "reports.from_reports").replace("{n}", &figure.sources.len().to_string()) }</summary>
                                        <ul>{ for figure.sources.iter().map(|source| html! {
                                            <li><AppLink to={Route::ReportSubmission { id: source.submission_id }}>{ &source.reporter.name }</AppLink>
                                                { format!(": {}", format::number(lang, source.value)) }</li>
                                        }) }</ul>
                                    </details>
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <h2>{ t(lang, "reports.body") }</h2>
            if report.can_edit {
                <TextField id="consolidated-title" field="title" label={t(lang, "reports.title")} value={edits.title.clone()}
                    error={error_of("title")} oninput={set(|e, v| e.title = v)} />
                { for edits.sections.iter().enumerate().map(|(index, section)| section_editor(lang, &edits, index, section, &errors)) }
                <button type="button" class="secondary" data-testid="add-section" onclick={{
                    let edits = edits.clone();
                    Callback::from(move |_| {
                        let mut next = (*edits).clone();
                        next.sections.push(ReportSection { heading: t(lang, "reports.new_section").into(), text: String::new() });
                        edits.set(next);
                    })
                }}>{ t(lang, "reports.add_section") }</button>
                <TextAreaField id="consolidated-recipients" field="recipients" label={t(lang, "reports.recipients")}
                    value={edits.recipients.clone()} hint={t(lang, "reports.recipients_hint")} rows={5}
                    oninput={set(|e, v| e.recipients = v)} />
                <fieldset class="signatory">
                    <legend>{ t(lang, "reports.signatory") }</legend>
                    <TextField id="signatory-capacity" field="signatory.capacity" label={t(lang, "reports.signatory_capacity")}
                        value={edits.signatory.capacity.clone()} oninput={set(|e, v| e.signatory.capacity = v)} />
                    <TextField id="signatory-title" field="signatory.title" label={t(lang, "reports.signatory_title")}
                        value={edits.signatory.title.clone()} error={error_of("signatory.title")} oninput={set(|e, v| e.signatory.title = v)} />
                    <TextField id="signatory-name" field="signatory.name" label={t(lang, "reports.signatory_name")}
                        value={edits.signatory.name.clone()} error={error_of("signatory.name")} oninput={set(|e, v| e.signatory.name = v)} />
                </fieldset>
                <div class="actions">
                    <button type="button" class="primary" data-testid="save-consolidated" disabled={*busy} onclick={act("save")}>{ t(lang, "reports.save_revision") }</button>
                    <button type="button" class="secondary" data-testid="refresh-figures" disabled={*busy} onclick={act("refresh")}>{ t(lang, "reports.refresh") }</button>
                </div>
            } else {
                <article class="preview" data-testid="consolidated-preview">
                    { for report.sections.iter().map(|section| html! {
                        <>
                            <h3>{ &section.heading }</h3>
                            <p class="prewrap">{ &section.text }</p>
                        </>
                    }) }
                    <p class="meta">{ format!("{} {} — {}", report.signatory.capacity, report.signatory.title, report.signatory.name) }</p>
                </article>
            }
            <h2>{ t(lang, "reports.annex_reporters") }</h2>
            <ul class="cards reporters">
                { for report.reporters.iter().map(|line| html! {
                    <li class="card">
                        { &line.reporter.name }
                        <span class={classes!("badge", line.timeliness.as_str())}>{ timeliness_label(lang, line.timeliness) }</span>
                        if line.counted { <span class="badge approved">{ t(lang, "reports.counted_badge") }</span> }
                    </li>
                }) }
            </ul>
            <h2>{ t(lang, "reports.revisions") }</h2>
            { match &*revisions {
                Load::Ready(revisions) => html! {
                    <ol class="timeline" data-testid="revisions">
                        { for revisions.iter().map(|revision| html! {
                            <li>
                                <span class="meta">{ format::datetime(lang, &revision.saved_at) }</span>
                                { format!(" {} · {} · {}", t(lang, "reports.revision").replace("{n}", &revision.revision.to_string()),
                                    revision_note(lang, &revision.note), revision.saved_by.name) }
                            </li>
                        }) }
                    </ol>
                },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Loading => html! { <Loading /> },
            } }
        </section>
    }
}

fn revision_note(lang: Lang, note: &str) -> String {
    note.split(", ")
        .filter(|n| !n.is_empty())
        .map(|n| t(lang, &format!("reports.note.{n}")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn section_editor(
    lang: Lang,
    edits: &UseStateHandle<Edits>,
    index: usize,
    section: &ReportSection,
    errors: &[FieldError],
) -> Html {
    let change = |heading: bool| {
        let edits = edits.clone();
        Callback::from(move |value: String| {
            let mut next = (*edits).clone();
            if let Some(section) = next.sections.get_mut(index) {
                if heading {
                    section.heading = value;
                } else {
                    section.text = value;
                }
            }
            edits.set(next);
        })
    };
    let remove = {
        let edits = edits.clone();
        Callback::from(move |_| {
            let mut next = (*edits).clone();
            if index < next.sections.len() {
                next.sections.remove(index);
            }
            edits.set(next);
        })
    };
    let error = |field: String| {
        errors.iter().find(|e| e.field == field).map(|e| AttrValue::from(crate::components::form::message(lang, e)))
    };
    html! {
        <fieldset class="section-editor" data-testid="section-editor">
            <TextField id={format!("section-heading-{index}")} field={format!("sections[{index}].heading")} label={t(lang, "reports.section_heading")}
                value={section.heading.clone()} error={error(format!("sections[{index}].heading"))} oninput={change(true)} />
            <TextAreaField id={format!("section-text-{index}")} field={format!("sections[{index}].text")} label={t(lang, "reports.section_text")}
                value={section.text.clone()} rows={8} oninput={change(false)} />
            <button type="button" class="link" onclick={remove}>{ t(lang, "reports.remove_section") }</button>
        </fieldset>
    }
}
