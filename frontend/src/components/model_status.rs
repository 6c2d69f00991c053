//! How a community team model's status shows everywhere (the model pages, the pipeline,
//! the notifications): its words (`models.status.<status>` in the community teams'
//! catalogue) and its badge.

use crate::{
    i18n::{t, Lang},
    state::use_session,
};
use danvan_domain::community_team::ModelStatus;
use yew::prelude::*;

/// A model's status in words.
pub fn model_status_label(lang: Lang, status: ModelStatus) -> &'static str {
    t(lang, &format!("models.status.{}", status.as_str()))
}

#[derive(Properties, PartialEq)]
pub struct ModelStatusBadgeProps {
    pub status: ModelStatus,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[component]
pub fn ModelStatusBadge(props: &ModelStatusBadgeProps) -> Html {
    let session = use_session();
    html! {
        <span class={classes!("badge", "status", format!("model-{}", props.status.as_str()))}
            data-testid={props.testid.clone()} data-status={props.status.as_str()}>
            { model_status_label(session.lang(), props.status) }
        </span>
    }
}
