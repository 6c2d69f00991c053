//! The model pipeline as a board: a column per status (nominated, evaluating, awaiting the
//! decision, needing evidence, recommended, not recommended, withdrawn), each read on its own
//! (`GET /team-models?status=…`, page by page), a card per model linking to its page with
//! its team, province, evaluations and adoptions. The moves are made on the model's page.

use crate::{
    api,
    components::{
        hooks::use_title, link::AppLink, load::use_paged, model_status::model_status_label, status::ErrorNote,
    },
    format,
    i18n::t,
    pages::community_teams::model::{counted, COLUMNS},
    route::Route,
    state::use_session,
};
use danvan_domain::community_team::{ModelStatus, TeamModel};
use yew::prelude::*;

/// Cards per page of a column.
const PAGE: u32 = 30;

#[derive(Properties, PartialEq)]
pub struct ModelCardProps {
    pub model: TeamModel,
}

/// A model on the board.
#[component]
pub fn ModelCard(props: &ModelCardProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let model = &props.model;
    let evaluations = match model.evaluation_average {
        Some(average) => counted(lang, "models.evaluations_average", model.evaluation_count)
            .replace("{average}", &format::decimal(lang, average, 2)),
        None => t(lang, "models.not_evaluated").to_owned(),
    };
    html! {
        <li class="card board-card model-card" data-testid="model-card" data-model-id={model.id.to_string()}>
            <AppLink to={Route::TeamModel { id: model.id }} class="board-title" testid="model-card-link">{ &model.team.name }</AppLink>
            <div class="muted board-meta">{ &model.province.name }</div>
            <div class="board-meta">{ evaluations }</div>
            if model.adoption_count > 0 {
                <div class="board-meta" data-testid="model-card-adoptions">
                    { counted(lang, "models.adoptions_count", model.adoption_count) }
                </div>
            }
            <div class="muted board-meta">{ t(lang, "models.nominated_by").replace("{name}", &model.nominated_by.name) }</div>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct ColumnProps {
    status: ModelStatus,
}

#[component]
fn Column(props: &ColumnProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let status = props.status;
    let paged = use_paged(status, |status: ModelStatus, cursor| async move {
        let limit = PAGE.to_string();
        api::client()
            .list_team_models(&[
                ("status", status.as_str()),
                ("limit", limit.as_str()),
                ("cursor", cursor.as_deref().unwrap_or_default()),
            ])
            .await
    });
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    let list = &*paged.list;
    let heading = format!("pipeline-heading-{}", status.as_str());
    let count =
        if list.next.is_some() { format!(" ({}+)", list.items.len()) } else { format!(" ({})", list.items.len()) };
    html! {
        <section class="board-column" data-testid={format!("pipeline-column-{}", status.as_str())} aria-labelledby={heading.clone()}>
            <h2 id={heading}>
                { model_status_label(lang, status) }
                if !list.loading { <span class="count muted">{ count }</span> }
            </h2>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            <ul class="board-cards">
                { for list.items.iter().map(|model| html! { <ModelCard key={model.id.to_string()} model={model.clone()} /> }) }
            </ul>
            if list.loading { <p class="loading">{ session.t("loading") }</p> }
            if list.next.is_some() && !list.loading {
                <button type="button" class="secondary small more" onclick={more}>{ session.t("action.more") }</button>
            }
        </section>
    }
}

#[component]
pub fn Pipeline() -> Html {
    let session = use_session();
    use_title(session.t("nav.team_models"));
    html! {
        <section data-testid="pipeline-page">
            <div class="page-head">
                <h1>{ session.t("nav.team_models") }</h1>
                <div class="actions">
                    <AppLink to={Route::CommunityTeams} class="button secondary">{ session.t("nav.community_teams") }</AppLink>
                </div>
            </div>
            <p class="hint pipeline-hint">{ session.t("models.board_hint") }</p>
            <div class="board pipeline" data-testid="pipeline">
                { for COLUMNS.iter().map(|status| html! { <Column key={status.as_str()} status={*status} /> }) }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, pages::community_teams::model::tests::model, testing::render};
    use danvan_domain::role::Role;

    #[tokio::test]
    async fn a_card_names_the_team_and_its_evaluations() {
        fn view() -> Html {
            let mut recommended = model(1, ModelStatus::Recommended);
            recommended.adoption_count = 2;
            html! { <ul><ModelCard model={recommended} /></ul> }
        }
        let vi = render(Lang::Vi, Some(Role::Leader), view).await;
        assert!(vi.contains("Tổ COVID cộng đồng số 1") && vi.contains("2 đánh giá, trung bình 4,2"), "{vi}");
        assert!(
            vi.contains("2 nơi áp dụng") && vi.contains(r#"href="/team-models/00000000-0000-0000-0000-000000000001""#),
            "{vi}"
        );
        let en = render(Lang::En, Some(Role::Leader), view).await;
        assert!(en.contains("2 evaluations, average 4.2") && en.contains("Adopted in 2 places"), "{en}");
    }
}
