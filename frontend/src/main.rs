//! The browser entry point: mounts [`danvan_web::App`] on `<body>`.

fn main() {
    yew::Renderer::<danvan_web::App>::new().render();
}
