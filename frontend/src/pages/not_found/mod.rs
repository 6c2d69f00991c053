//! The 404 page.

pub mod i18n;

use crate::{
    components::{hooks::use_title, link::AppLink},
    route::Route,
    state::use_session,
};
use yew::prelude::*;

#[component]
pub fn NotFound() -> Html {
    let session = use_session();
    use_title(session.t("not_found.title"));
    html! {
        <section class="not-found" data-testid="not-found">
            <p class="big" aria-hidden="true">{ "404" }</p>
            <h1>{ session.t("not_found.title") }</h1>
            <p>{ session.t("not_found.detail") }</p>
            <AppLink to={Route::Dashboard} class="button">{ session.t("not_found.home") }</AppLink>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};

    #[tokio::test]
    async fn the_not_found_page_says_so_in_both_languages() {
        let vi = render(Lang::Vi, None, || html! { <NotFound /> }).await;
        assert!(vi.contains(r#"data-testid="not-found""#), "{vi}");
        assert!(vi.contains("Không tìm thấy trang"));
        assert!(vi.contains(r#"href="/""#));
        let en = render(Lang::En, Some(danvan_domain::role::Role::Viewer), || html! { <NotFound /> }).await;
        assert!(en.contains("Page not found"), "{en}");
    }
}
