//! One nominated model: its team, rationale and evidence; the moves the caller may make now
//! (`allowed_transitions`), with a note that refusing and sending back require; the
//! evaluations with the rubric's averages and spread and the form to evaluate
//! ([`super::evaluations`]); the leadership's decision; the adoptions with their before and
//! after charts and the form to record one ([`super::adoptions`]); and the timeline.

use crate::{
    api::{self, Tagged},
    components::{
        dates::date,
        form::{begin_send, field_message, show_save_failure},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        model_status::{model_status_label, ModelStatusBadge},
        status::{Empty, ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::t,
    pages::{
        community_teams::{
            adoptions::Adoptions,
            evaluations::Evaluations,
            model::{counted, event_text, move_class, note_required, transition},
            photos::Attachments,
        },
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    attachment::AttachmentOwnerKind,
    community_team::{ModelActor, ModelEvent, ModelStatus, TeamModel},
    validation::FieldError,
};
use std::rc::Rc;
use yew::{platform::spawn_local, prelude::*};

#[component]
pub fn TeamModelPage(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("models.detail"));
    let reload = use_state(|| 0u32);
    let model = use_load((props.id, *reload), |(id, _)| async move { api::client().get_team_model(id).await });
    let timeline = use_load((props.id, *reload), |(id, _)| async move { api::client().team_model_timeline(id).await });
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match &*model {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(model) => html! {
            <section data-testid="model-page">
                <ModelFacts model={model.clone()} />
                <Moves model={model.clone()} on_changed={on_changed.clone()} />
                <Evaluations model={model.value.clone()} reload={*reload} on_changed={on_changed.clone()} />
                <Adoptions model={model.value.clone()} reload={*reload} on_changed={on_changed.clone()} />
                <section class="card" aria-labelledby="model-timeline-heading">
                    <h2 id="model-timeline-heading">{ session.t("models.timeline") }</h2>
                    { match &*timeline {
                        Load::Loading => html! { <Loading /> },
                        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                        Load::Ready(events) if events.is_empty() => html! { <Empty /> },
                        Load::Ready(events) => html! { <ModelTimeline events={events.clone()} /> },
                    } }
                </section>
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
struct ModelProps {
    model: Rc<Tagged<TeamModel>>,
}

#[component]
fn ModelFacts(props: &ModelProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let model = &props.model.value;
    let fact = |label: &'static str, value: Html| html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> };
    let evaluations = match model.evaluation_average {
        Some(average) => counted(lang, "models.evaluations_average", model.evaluation_count)
            .replace("{average}", &format::decimal(lang, average, 2)),
        None => t(lang, "models.not_evaluated").to_owned(),
    };
    let decided = !model.decision_note.trim().is_empty() || model.decided_by.is_some();
    html! {
        <>
            <div class="page-head">
                <h1 data-testid="model-title">{ t(lang, "models.title_of").replace("{team}", &model.team.name) }</h1>
                <div class="actions">
                    <ModelStatusBadge status={model.status} testid="model-status" />
                    <AppLink to={Route::TeamModels} class="button secondary">{ session.t("nav.team_models") }</AppLink>
                </div>
            </div>
            <div class="card">
                <dl class="facts">
                    { fact("models.team", html! {
                        <AppLink to={Route::CommunityTeam { id: model.team.id }} testid="model-team-link">{ &model.team.name }</AppLink>
                    }) }
                    { fact("teams.province", html! { &model.province.name }) }
                    { fact("models.nominated_by_label", html! { &model.nominated_by.name }) }
                    { fact("models.nominated_on", html! { format::datetime(lang, &model.created_at) }) }
                    { fact("models.evaluations", html! { <span data-testid="model-evaluations">{ evaluations }</span> }) }
                    { fact("models.adoptions", html! {
                        <span data-testid="model-adoption-count">{ format::number(lang, model.adoption_count) }</span>
                    }) }
                </dl>
                <h2>{ session.t("models.rationale") }</h2>
                <p class="prose" data-testid="model-rationale">{ &model.rationale }</p>
                <h2>{ session.t("models.evidence") }</h2>
                if model.evidence.trim().is_empty() {
                    <p class="muted">{ "—" }</p>
                } else {
                    <p class="prose" data-testid="model-evidence">{ &model.evidence }</p>
                }
                <Attachments owner_kind={AttachmentOwnerKind::TeamModel} owner={model.id}
                    can_attach={model.caller_stands_as.iter().any(|actor| matches!(actor, ModelActor::Nominator | ModelActor::Office))} />
            </div>
            if decided {
                <section class="card model-decision" aria-labelledby="model-decision-heading" data-testid="model-decision">
                    <h2 id="model-decision-heading">{ session.t("models.decision") }</h2>
                    <p>
                        <strong>{ model_status_label(lang, model.status) }</strong>
                        if let Some(by) = &model.decided_by { { format!(" · {}", by.name) } }
                        if let Some(on) = model.decided_on { { format!(" · {}", date(lang, on)) } }
                    </p>
                    if !model.decision_note.trim().is_empty() { <p class="prose">{ &model.decision_note }</p> }
                </section>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MovesProps {
    model: Rc<Tagged<TeamModel>>,
    on_changed: Callback<()>,
}

/// The moves the caller may make, with one note.
#[component]
fn Moves(props: &MovesProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let note = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let model = &props.model.value;
    if model.allowed_transitions.is_empty() {
        return html! {};
    }
    let send = |to: ModelStatus| {
        let (note, errors, busy, toast, on_changed, id, etag) = (
            note.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            props.on_changed.clone(),
            model.id,
            props.model.etag.clone(),
        );
        Callback::from(move |_| {
            let request = transition(to, &note);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (note, errors, busy, toast, on_changed, etag) =
                (note.clone(), errors.clone(), busy.clone(), toast.clone(), on_changed.clone(), etag.clone());
            spawn_local(async move {
                match api::client().transition_team_model(id, &etag, &request).await {
                    Ok(moved) => {
                        note.set(String::new());
                        toast.emit(Toast::success(
                            &t(lang, "models.moved").replace("{status}", model_status_label(lang, moved.status)),
                        ));
                        on_changed.emit(());
                    }
                    Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_changed),
                }
                busy.set(false);
            });
        })
    };
    let needs_note = model.allowed_transitions.iter().any(|to| note_required(*to));
    let oninput = {
        let note = note.clone();
        Callback::from(move |value| note.set(value))
    };
    html! {
        <section class="card model-moves" aria-labelledby="model-moves-heading" data-testid="model-moves">
            <h2 id="model-moves-heading">{ session.t("models.moves") }</h2>
            <TextAreaField id="model-move-note" field="note" label={session.t("models.move_note")} rows={3}
                value={(*note).clone()} {oninput} error={field_message(lang, &errors, "note")}
                hint={needs_note.then(|| AttrValue::from(session.t("models.note_required")))} />
            <div class="actions">
                { for model.allowed_transitions.iter().map(|to| html! {
                    <button type="button" class={move_class(*to)} data-testid={format!("model-move-{}", to.as_str())}
                        disabled={*busy} onclick={send(*to)}>
                        { t(lang, &format!("models.move.{}", to.as_str())) }
                    </button>
                }) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ModelTimelineProps {
    pub events: Rc<Vec<ModelEvent>>,
}

/// The model's history, oldest first.
#[component]
pub fn ModelTimeline(props: &ModelTimelineProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    html! {
        <ol class="timeline" data-testid="model-timeline">
            { for props.events.iter().map(|event| html! {
                <li data-testid="model-event" data-kind={event.kind.as_str()} key={event.id.to_string()}>
                    <div class="timeline-head">
                        <strong>{ event_text(lang, event) }</strong>
                        <span class="muted">
                            { format!(" · {} · ", event.actor.name) }
                            <time datetime={event.at.to_rfc3339()}>{ format::datetime(lang, &event.at) }</time>
                        </span>
                    </div>
                    if !event.note.trim().is_empty() { <p class="timeline-comment">{ &event.note }</p> }
                </li>
            }) }
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, pages::community_teams::model::tests::named, testing::render};
    use danvan_domain::{community_team::ModelEventKind, role::Role};
    use uuid::Uuid;

    #[tokio::test]
    async fn the_timeline_names_each_step_in_both_languages() {
        fn view() -> Html {
            let event = |n: u128, kind, from, to, note: &str| ModelEvent {
                id: Uuid::from_u128(n),
                kind,
                at: chrono::DateTime::UNIX_EPOCH,
                actor: named(9, "Lãnh đạo Ban"),
                from_status: from,
                to_status: to,
                note: note.into(),
            };
            let events = vec![
                event(1, ModelEventKind::Nominated, None, Some(ModelStatus::Nominated), ""),
                event(
                    2,
                    ModelEventKind::Moved,
                    Some(ModelStatus::AwaitingDecision),
                    Some(ModelStatus::NeedsEvidence),
                    "Cần thêm số liệu",
                ),
            ];
            html! { <ModelTimeline events={Rc::new(events)} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Leader), view).await;
        assert!(vi.contains("Đề cử tổ làm mô hình") && vi.contains("Chờ quyết định → Cần bổ sung minh chứng"), "{vi}");
        assert!(vi.contains("Cần thêm số liệu") && vi.contains("Lãnh đạo Ban"), "{vi}");
        let en = render(Lang::En, Some(Role::Leader), view).await;
        assert!(en.contains("Awaiting decision → Needs more evidence"), "{en}");
    }
}
