//! The public web app of Dân vận: aid transparency for anyone, without login, served at
//! `/public/aid` (the list of campaigns) and `/public/aid/campaigns/{id}` (one campaign:
//! received against handed out, by province, commune and group of people, the donors who
//! agreed to be named, and "where the aid went" drawn as an SVG flow). A small bundle of
//! its own: it shares only the domain types with the staff app and never loads it.
//! Vietnamese by default, English at a switch; the choice is kept with the staff app's.

pub mod flow;
pub mod i18n;
pub mod route;

use danvan_domain::{
    aid::{
        format_number, format_quantity, format_vnd,
        transparency::{FlowNodeKind, PublicCampaign, PublicCampaignReport, PublicCategoryFigures, PublicSummary},
        CampaignStatus,
    },
    lang::Lang,
    Uuid,
};
use i18n::t;
use route::{short_vnd, Route};
use serde::de::DeserializeOwned;
use std::rc::Rc;
use yew::prelude::*;

/// The `localStorage` key of the language, shared with the staff app (a JSON string).
const LANG_KEY: &str = "danvan.lang";
const API: &str = "/api/v1/public/aid/campaigns";

/// Why a page has no figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    NotFound,
    Network,
}

/// A GET of the public API; the browser revalidates with the ETag by itself.
async fn fetch<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    let response = gloo_net::http::Request::get(path).send().await.map_err(|_| Failure::Network)?;
    match response.status() {
        200 => response.json::<T>().await.map_err(|_| Failure::Network),
        404 => Err(Failure::NotFound),
        _ => Err(Failure::Network),
    }
}

fn stored_lang() -> Lang {
    let stored = web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(LANG_KEY).ok().flatten());
    stored.and_then(|text| Lang::parse(text.trim_matches('"'))).unwrap_or_default()
}

fn keep_lang(lang: Lang) {
    let window = web_sys::window();
    if let Some(storage) = window.as_ref().and_then(|window| window.local_storage().ok().flatten()) {
        let _ = storage.set_item(LANG_KEY, &format!("\"{}\"", lang.code()));
    }
    if let Some(root) = window.and_then(|window| window.document()).and_then(|document| document.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
}

fn current_route() -> Route {
    let path = web_sys::window().and_then(|window| window.location().pathname().ok()).unwrap_or_default();
    Route::parse(&path)
}

#[component]
pub fn App() -> Html {
    let lang = use_state(stored_lang);
    let route = use_memo((), |()| current_route());
    {
        let lang = *lang;
        use_effect_with(lang, move |lang| keep_lang(*lang));
    }
    let switch = {
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| lang.set(lang.other()))
    };
    let l = *lang;
    html! {
        <>
            <header class="top">
                <a class="brand" href={route::HOME}>{ t(l, "title") }</a>
                <button type="button" class="lang" onclick={switch} aria-label={t(l, "switch_lang_label")}
                    lang={l.other().code()}>{ t(l, "switch_lang") }</button>
            </header>
            <main id="main">
                {
                    match *route {
                        Route::Campaigns => html! { <CampaignsPage lang={l} /> },
                        Route::Campaign(id) => html! { <CampaignPage lang={l} {id} /> },
                        Route::NotFound => html! { <p class="notice" role="alert">{ t(l, "not_found") }</p> },
                    }
                }
            </main>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct LangProps {
    lang: Lang,
}

/// A value being loaded.
type Loading<T> = Option<Result<Rc<T>, Failure>>;

fn failure(lang: Lang, failure: Failure) -> Html {
    let key = if failure == Failure::NotFound { "not_found" } else { "error" };
    html! { <p class="notice" role="alert">{ t(lang, key) }</p> }
}

fn status_text(lang: Lang, status: CampaignStatus) -> &'static str {
    t(lang, if status == CampaignStatus::Open { "status_open" } else { "status_closed" })
}

/// A figure with its label, as a term of a `<dl>`.
fn figure(lang: Lang, key: &'static str, value: String) -> Html {
    html! { <div class="figure"><dt>{ t(lang, key) }</dt><dd>{ value }</dd></div> }
}

fn totals(lang: Lang, c: &PublicCampaign) -> Html {
    html! {
        <dl class="figures">
            { figure(lang, "received_cash", format_vnd(c.received_cash, lang)) }
            { figure(lang, "distributed_cash", format_vnd(c.distributed_cash, lang)) }
            { figure(lang, "received_goods", format_vnd(c.received_goods_value, lang)) }
            { figure(lang, "distributed_goods", format_vnd(c.distributed_goods_value, lang)) }
            { figure(lang, "beneficiaries", format_number(c.beneficiaries, lang)) }
        </dl>
    }
}

#[component]
fn CampaignsPage(props: &LangProps) -> Html {
    let lang = props.lang;
    let summary = use_state(|| None::<Result<Rc<PublicSummary>, Failure>>);
    {
        let summary = summary.clone();
        use_effect_with((), move |()| {
            yew::platform::spawn_local(
                async move { summary.set(Some(fetch::<PublicSummary>(API).await.map(Rc::new))) },
            );
        });
    }
    let body = match &*summary {
        None => html! { <p class="muted" aria-busy="true">{ t(lang, "loading") }</p> },
        Some(Err(error)) => failure(lang, *error),
        Some(Ok(summary)) => {
            let all = PublicCampaign {
                id: Uuid::nil(),
                name: String::new(),
                purpose: String::new(),
                status: CampaignStatus::Open,
                starts_on: String::new(),
                ends_on: None,
                received_cash: summary.received_cash,
                received_goods_value: summary.received_goods_value,
                distributed_cash: summary.distributed_cash,
                distributed_goods_value: summary.distributed_goods_value,
                beneficiaries: summary.beneficiaries,
            };
            html! {
                <>
                    <section class="card" aria-labelledby="all">
                        <h2 id="all">{ t(lang, "all_campaigns") }</h2>
                        { totals(lang, &all) }
                    </section>
                    if summary.campaigns.is_empty() {
                        <p class="muted">{ t(lang, "no_campaigns") }</p>
                    }
                    <ul class="campaigns">
                        { for summary.campaigns.iter().map(|c| html! {
                            <li class="card campaign">
                                <h2><a href={Route::Campaign(c.id).href()}>{ &c.name }</a></h2>
                                <p class="meta">
                                    <span class={classes!("status", c.status.as_str())}>{ status_text(lang, c.status) }</span>
                                    { " · " }{ dates(lang, c) }
                                </p>
                                { totals(lang, c) }
                            </li>
                        }) }
                    </ul>
                </>
            }
        }
    };
    html! {
        <>
            <h1>{ t(lang, "title") }</h1>
            <p class="intro">{ t(lang, "intro") }</p>
            { body }
        </>
    }
}

fn dates(lang: Lang, c: &PublicCampaign) -> String {
    let day = |iso: &str| match lang {
        // 2021-07-15 → 15/07/2021 in Vietnamese; ISO in English.
        Lang::Vi => {
            let parts: Vec<&str> = iso.split('-').collect();
            if parts.len() == 3 {
                format!("{}/{}/{}", parts[2], parts[1], parts[0])
            } else {
                iso.to_owned()
            }
        }
        Lang::En => iso.to_owned(),
    };
    match &c.ends_on {
        Some(end) => format!("{} {} {} {}", t(lang, "since"), day(&c.starts_on), t(lang, "until"), day(end)),
        None => format!("{} {}", t(lang, "since"), day(&c.starts_on)),
    }
}

#[derive(Properties, PartialEq)]
struct CampaignProps {
    lang: Lang,
    id: Uuid,
}

#[component]
fn CampaignPage(props: &CampaignProps) -> Html {
    let lang = props.lang;
    let report = use_state(|| None::<Result<Rc<PublicCampaignReport>, Failure>>);
    {
        let report = report.clone();
        use_effect_with(props.id, move |id| {
            let path = format!("{API}/{id}");
            yew::platform::spawn_local(async move {
                report.set(Some(fetch::<PublicCampaignReport>(&path).await.map(Rc::new)))
            });
        });
    }
    let loaded: &Loading<PublicCampaignReport> = &report;
    let body = match loaded {
        None => html! { <p class="muted" aria-busy="true">{ t(lang, "loading") }</p> },
        Some(Err(error)) => failure(lang, *error),
        Some(Ok(report)) => campaign_body(lang, report),
    };
    html! {
        <>
            <p><a href={route::HOME}>{ t(lang, "back") }</a></p>
            { body }
        </>
    }
}

fn share(lang: Lang, part: i64, whole: i64) -> Html {
    if whole <= 0 {
        return html! {};
    }
    let percent = (i128::from(part) * 100 / i128::from(whole)).clamp(0, 100);
    html! {
        <span class="share">
            <progress max="100" value={percent.to_string()} aria-hidden="true"></progress>
            { format!(" {percent}% {}", t(lang, "share_distributed")) }
        </span>
    }
}

fn category_name(lang: Lang, report: &PublicCampaignReport, id: Uuid) -> String {
    report
        .categories
        .iter()
        .find(|c| c.id == id)
        .map(|c| if lang == Lang::Vi { c.name_vi.clone() } else { c.name_en.clone() })
        .unwrap_or_default()
}

fn category_lines(lang: Lang, report: &PublicCampaignReport, figures: &[PublicCategoryFigures]) -> Html {
    html! {
        <ul class="categories">
            { for figures.iter().map(|f| html! {
                <li>{ format!("{}: {} · {}", category_name(lang, report, f.category_id), format_number(f.beneficiaries, lang), format_vnd(f.cash + f.goods_value, lang)) }</li>
            }) }
        </ul>
    }
}

fn campaign_body(lang: Lang, report: &Rc<PublicCampaignReport>) -> Html {
    let c = &report.campaign;
    let k = report.min_beneficiaries_shown.to_string();
    html! {
        <>
            <h1>{ &c.name }</h1>
            <p class="meta">
                <span class={classes!("status", c.status.as_str())}>{ status_text(lang, c.status) }</span>
                { " · " }{ dates(lang, c) }
            </p>
            if !c.purpose.is_empty() { <p class="intro">{ &c.purpose }</p> }

            <section class="card" aria-labelledby="rvd">
                <h2 id="rvd">{ t(lang, "received_vs_distributed") }</h2>
                <dl class="figures">
                    <div class="figure">
                        <dt>{ t(lang, "received_cash") }</dt><dd>{ format_vnd(c.received_cash, lang) }</dd>
                    </div>
                    <div class="figure">
                        <dt>{ t(lang, "distributed_cash") }</dt><dd>{ format_vnd(c.distributed_cash, lang) }</dd>
                        { share(lang, c.distributed_cash, c.received_cash) }
                    </div>
                    <div class="figure">
                        <dt>{ t(lang, "received_goods") }</dt><dd>{ format_vnd(c.received_goods_value, lang) }</dd>
                    </div>
                    <div class="figure">
                        <dt>{ t(lang, "distributed_goods") }</dt><dd>{ format_vnd(c.distributed_goods_value, lang) }</dd>
                        { share(lang, c.distributed_goods_value, c.received_goods_value) }
                    </div>
                    { figure(lang, "beneficiaries", format_number(c.beneficiaries, lang)) }
                </dl>
            </section>

            <section class="card" aria-labelledby="flow">
                <h2 id="flow">{ t(lang, "flow_title") }</h2>
                <p class="muted">{ t(lang, "flow_desc") }</p>
                <FlowChart lang={lang} report={report.clone()} />
            </section>

            if !report.items.is_empty() {
                <section class="card" aria-labelledby="items">
                    <h2 id="items">{ t(lang, "items") }</h2>
                    <div class="scroll"><table>
                        <thead><tr>
                            <th scope="col">{ t(lang, "item") }</th>
                            <th scope="col" class="num">{ t(lang, "received") }</th>
                            <th scope="col" class="num">{ t(lang, "distributed") }</th>
                            <th scope="col" class="num">{ t(lang, "value") }</th>
                        </tr></thead>
                        <tbody>
                            { for report.items.iter().map(|item| {
                                let unit = item.unit.symbol(lang);
                                html! { <tr>
                                    <th scope="row">{ if lang == Lang::Vi { &item.name_vi } else { &item.name_en } }</th>
                                    <td class="num">{ format_quantity(item.received, unit, lang) }</td>
                                    <td class="num">{ format_quantity(item.distributed, unit, lang) }</td>
                                    <td class="num">{ format_vnd(item.received_value, lang) }</td>
                                </tr> }
                            }) }
                        </tbody>
                    </table></div>
                </section>
            }

            <section class="card" aria-labelledby="provinces">
                <h2 id="provinces">{ t(lang, "by_province") }</h2>
                if report.by_province.is_empty() {
                    <p class="muted">{ t(lang, "nothing_yet") }</p>
                } else {
                    <div class="scroll"><table class="provinces">
                        <thead><tr>
                            <th scope="col">{ t(lang, "province") }</th>
                            <th scope="col" class="num">{ t(lang, "people") }</th>
                            <th scope="col" class="num">{ t(lang, "cash") }</th>
                            <th scope="col" class="num">{ t(lang, "goods_value") }</th>
                        </tr></thead>
                        <tbody>
                            { for report.by_province.iter().map(|p| html! { <tr>
                                <th scope="row">{ &p.province.name }</th>
                                <td class="num">{ format_number(p.beneficiaries, lang) }</td>
                                <td class="num">{ format_vnd(p.cash, lang) }</td>
                                <td class="num">{ format_vnd(p.goods_value, lang) }</td>
                            </tr> }) }
                        </tbody>
                    </table></div>
                    <h3>{ t(lang, "communes_of") }</h3>
                    <p class="muted small">{ t(lang, "k_rule").replace("{k}", &k) }</p>
                    { for report.by_province.iter().map(|p| html! {
                        <details class="province">
                            <summary>{ format!("{} · {} {}", p.province.name, format_number(p.beneficiaries, lang), t(lang, "people").to_lowercase()) }</summary>
                            <ul class="communes">
                                { for p.communes.iter().map(|commune| html! {
                                    <li class={classes!(commune.commune.is_none().then_some("other"))}>
                                        <strong>{ commune.commune.as_ref().map_or_else(|| t(lang, "other_communes").to_owned(), |c| c.name.clone()) }</strong>
                                        { category_lines(lang, report, &commune.by_category) }
                                    </li>
                                }) }
                            </ul>
                        </details>
                    }) }
                }
            </section>

            if !report.by_category.is_empty() {
                <section class="card" aria-labelledby="categories">
                    <h2 id="categories">{ t(lang, "by_category") }</h2>
                    <div class="scroll"><table>
                        <thead><tr>
                            <th scope="col">{ t(lang, "category") }</th>
                            <th scope="col" class="num">{ t(lang, "people") }</th>
                            <th scope="col" class="num">{ t(lang, "cash") }</th>
                            <th scope="col" class="num">{ t(lang, "goods_value") }</th>
                        </tr></thead>
                        <tbody>
                            { for report.by_category.iter().map(|f| html! { <tr>
                                <th scope="row">{ category_name(lang, report, f.category_id) }</th>
                                <td class="num">{ format_number(f.beneficiaries, lang) }</td>
                                <td class="num">{ format_vnd(f.cash, lang) }</td>
                                <td class="num">{ format_vnd(f.goods_value, lang) }</td>
                            </tr> }) }
                        </tbody>
                    </table></div>
                </section>
            }

            <section class="card" aria-labelledby="donors">
                <h2 id="donors">{ t(lang, "donors") }</h2>
                <p class="muted small">{ t(lang, "donors_note") }</p>
                if report.donors.is_empty() {
                    <p class="muted">{ t(lang, "no_donors") }</p>
                }
                <div class="scroll"><table class="donors">
                    <thead><tr>
                        <th scope="col">{ t(lang, "donor") }</th>
                        <th scope="col" class="num">{ t(lang, "cash") }</th>
                        <th scope="col" class="num">{ t(lang, "goods_value") }</th>
                    </tr></thead>
                    <tbody>
                        { for report.donors.iter().map(|d| html! { <tr>
                            <th scope="row">{ &d.donor.name }</th>
                            <td class="num">{ format_vnd(d.cash, lang) }</td>
                            <td class="num">{ format_vnd(d.goods_value, lang) }</td>
                        </tr> }) }
                        <tr class="other">
                            <th scope="row">{ t(lang, "other_donors") }</th>
                            <td class="num">{ format_vnd(report.other_donors.cash, lang) }</td>
                            <td class="num">{ format_vnd(report.other_donors.goods_value, lang) }</td>
                        </tr>
                    </tbody>
                </table></div>
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FlowProps {
    lang: Lang,
    report: Rc<PublicCampaignReport>,
}

/// The longest label drawn; the full name is in the node's tooltip.
const LABEL_CHARS: usize = 26;
const FLOW_WIDTH: f64 = 720.0;

/// "Where the aid went", drawn from [`flow::layout`].
#[component]
fn FlowChart(props: &FlowProps) -> Html {
    let (lang, report) = (props.lang, &props.report);
    let graph = &report.flow;
    if graph.links.is_empty() {
        return html! { <p class="muted">{ t(lang, "flow_empty") }</p> };
    }
    let top = 22.0;
    let height = flow::height_for(graph);
    let layout = flow::layout(graph, FLOW_WIDTH, height);
    let label = |index: usize| -> String {
        let node = &graph.nodes[index];
        match (node.kind, node.ref_id) {
            (FlowNodeKind::Donor, None) => t(lang, "other_donors").to_owned(),
            (FlowNodeKind::Province, None) => t(lang, "other_provinces").to_owned(),
            (FlowNodeKind::Category, Some(id)) => {
                let name = category_name(lang, report, id);
                if name.is_empty() {
                    node.label.clone()
                } else {
                    name
                }
            }
            _ => node.label.clone(),
        }
    };
    let last = layout.columns.len().saturating_sub(1);
    let column_titles = layout.columns.iter().enumerate().map(|(i, (kind, x))| {
        let key = match kind {
            FlowNodeKind::Donor => "col_donors",
            FlowNodeKind::Campaign => "col_campaign",
            FlowNodeKind::Province => "col_provinces",
            FlowNodeKind::Category => "col_categories",
        };
        let (x, anchor) = if i == last && i > 0 { (x + flow::NODE_WIDTH, "end") } else { (*x, "start") };
        html! { <text class="column" x={format!("{x:.1}")} y="14" text-anchor={anchor}>{ t(lang, key) }</text> }
    });
    let bands = layout.bands.iter().map(|band| {
        let tip = format!("{} → {}: {}", label(band.source), label(band.target), format_vnd(band.value, lang));
        html! { <path class="band" d={band.path.clone()}><title>{ tip }</title></path> }
    });
    let nodes = layout.nodes.iter().map(|node| {
        let kind = graph.nodes[node.index].kind;
        let full = label(node.index);
        let mut short: String = full.chars().take(LABEL_CHARS).collect();
        if full.chars().count() > LABEL_CHARS {
            short.push('…');
        }
        let text = format!("{short} · {}", short_vnd(node.value, lang));
        let (x, anchor) = if node.column == last && last > 0 {
            (node.x - 4.0, "end")
        } else {
            (node.x + flow::NODE_WIDTH + 4.0, "start")
        };
        let y = node.y + node.height / 2.0;
        html! {
            <g class={classes!("node", kind.as_str())}>
                <rect x={format!("{:.1}", node.x)} y={format!("{:.1}", node.y)} width={format!("{:.1}", flow::NODE_WIDTH)}
                    height={format!("{:.1}", node.height)}>
                    <title>{ format!("{full}: {}", format_vnd(node.value, lang)) }</title>
                </rect>
                <text x={format!("{x:.1}")} y={format!("{y:.1}")} text-anchor={anchor} dominant-baseline="middle">{ text }</text>
            </g>
        }
    });
    html! {
        <div class="flow-scroll">
            <svg class="flow" viewBox={format!("0 0 {FLOW_WIDTH} {:.0}", height + top)} role="img"
                aria-label={t(lang, "flow_title")}>
                <desc>{ t(lang, "flow_desc") }</desc>
                <g>{ for column_titles }</g>
                <g transform={format!("translate(0 {top})")}>
                    <g class="bands">{ for bands }</g>
                    <g class="nodes">{ for nodes }</g>
                </g>
            </svg>
        </div>
    }
}
